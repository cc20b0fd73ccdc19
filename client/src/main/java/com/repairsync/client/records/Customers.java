package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.Comparator;
import java.util.List;

/** The shop's customers. */
public final class Customers extends Repository<Customer> {
    public Customers(DeviceCore core) {
        super(core, Schema.CUSTOMERS, Customer.class);
    }

    /** Customers whose first name, last name or phone contains the text (case-insensitive). */
    public List<Customer> search(String text) {
        String like = "%"
                + text.toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
        return sorted(
                list(
                        "lower(" + field("firstName") + ") LIKE ? ESCAPE '\\' OR lower(" + field("lastName")
                                + ") LIKE ? ESCAPE '\\' OR " + field("phone") + " LIKE ? ESCAPE '\\'",
                        like,
                        like,
                        like),
                Comparator.comparing(Customer::firstName, String.CASE_INSENSITIVE_ORDER));
    }
}
