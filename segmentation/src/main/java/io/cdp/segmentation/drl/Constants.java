package io.cdp.segmentation.drl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * User-supplied values of one compiled rule base. Generated DRL refers to them only by index
 * ({@code k.s(3)}), so no marketer input ever becomes DRL source text.
 */
public final class Constants {

    private final List<Object> values;

    private Constants(List<Object> values) {
        this.values = List.copyOf(values);
    }

    public String s(int index) {
        return (String) values.get(index);
    }

    public BigDecimal d(int index) {
        return (BigDecimal) values.get(index);
    }

    public LocalDate date(int index) {
        return (LocalDate) values.get(index);
    }

    public Collection<?> list(int index) {
        return (Collection<?>) values.get(index);
    }

    public Object v(int index) {
        return values.get(index);
    }

    static final class Builder {
        private final List<Object> values = new ArrayList<>();

        int add(Object value) {
            values.add(value);
            return values.size() - 1;
        }

        Constants build() {
            return new Constants(values);
        }
    }
}
