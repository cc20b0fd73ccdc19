package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;
import java.util.Locale;

/** The shop's customers. */
public final class Customers extends Repository<Customer, NewCustomer, CustomerChanges> {
    private static final String BY_FIRST_NAME = field("firstName") + " COLLATE NOCASE";

    Customers(DeviceCore core) {
        super(core, Schema.CUSTOMERS, Customer.class, CustomerChanges::new);
    }

    /** Every customer whose first name, last name or phone contains the text (case-insensitive), by first name. */
    public List<Customer> search(String text) {
        return list(containing(text), BY_FIRST_NAME, ALL);
    }

    /** The first {@code limit} customers whose first name, last name or phone contains the text, by first name. */
    public List<Customer> search(String text, int limit) {
        return list(containing(text), BY_FIRST_NAME, positive(limit));
    }

    private static Where containing(String text) {
        String like = "%" + text.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
        return new Where(
                "lower(" + field("firstName") + ") LIKE ? ESCAPE '\\' OR lower(" + field("lastName")
                        + ") LIKE ? ESCAPE '\\' OR " + field("phone") + " LIKE ? ESCAPE '\\'",
                like,
                like,
                like);
    }
}
