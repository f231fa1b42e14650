package io.cdp.bench.data;

import java.util.List;

/** A generated data set: calls in timestamp order, and the CRM export. */
public record DemoData(List<Call> calls, List<CrmContact> contacts) {

    public DemoData {
        calls = List.copyOf(calls);
        contacts = List.copyOf(contacts);
    }
}
