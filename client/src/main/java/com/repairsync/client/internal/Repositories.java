package com.repairsync.client.internal;

import com.repairsync.client.records.Appointments;
import com.repairsync.client.records.Attachments;
import com.repairsync.client.records.CustomFields;
import com.repairsync.client.records.Customers;
import com.repairsync.client.records.Employees;
import com.repairsync.client.records.InventoryItems;
import com.repairsync.client.records.Repository;
import com.repairsync.client.records.TicketParts;
import com.repairsync.client.records.Tickets;
import java.util.function.Function;

/**
 * A device's typed repositories, one per entity, all over the same local core.
 *
 * <p>The repositories' constructors take the engine's {@link DeviceCore}, so they are not public:
 * no signature in an exported package names an engine type. The records package hands this class
 * the one factory that calls them when it is first loaded (the JDK's "shared secrets" pattern),
 * and {@link #over} loads it before asking.
 */
public record Repositories(
        Customers customers,
        Tickets tickets,
        TicketParts ticketParts,
        InventoryItems inventoryItems,
        Employees employees,
        Appointments appointments,
        Attachments attachments,
        CustomFields customFields) {

    private static volatile Function<DeviceCore, Repositories> factory;

    /** The repositories over a device's core. */
    public static Repositories over(DeviceCore core) {
        if (factory == null) {
            initialize(Repository.class);
        }
        return factory.apply(core);
    }

    /**
     * Called once by the records package as it loads.
     *
     * @throws IllegalStateException if a factory is already set
     */
    public static synchronized void provide(Function<DeviceCore, Repositories> repositories) {
        if (factory != null) {
            throw new IllegalStateException("the repositories' factory is already set");
        }
        factory = repositories;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the SDK's records package is missing", e);
        }
    }
}
