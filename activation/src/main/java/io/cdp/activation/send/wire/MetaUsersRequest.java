package io.cdp.activation.send.wire;

import java.util.List;

/** Body of Meta's {@code POST|DELETE /{audience_id}/users}: hashed values in schema order, "" when missing. */
public record MetaUsersRequest(Payload payload) {

    public record Payload(List<String> schema, List<List<String>> data) {
    }
}
