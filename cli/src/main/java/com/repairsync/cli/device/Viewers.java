package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.client.DeviceIdentity;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Employee;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who looks at a device's records: the employee who signed the device in and the one acting on it
 * now (after {@code switch}). What the command line prints or exports holds only what every one of
 * them may see: a technician acting on a manager's device gets no pay rates and no managers-only
 * field of the shop's own.
 */
final class Viewers {
    private Viewers() {}

    /**
     * The roles of the signed-in and the acting employee.
     *
     * @throws CliException (not signed in) if the device has not joined a shop
     */
    static Set<Role> of(RepairSyncDevice device) {
        DeviceIdentity identity = device.identity();
        if (!device.joined() || identity.signedInRole() == null) {
            throw CliException.notSignedIn("this device has not joined a shop; join one first: repairsync login"
                    + " --server URL --email EMAIL (or pass --device DIR of a device that did)");
        }
        Set<Role> viewers = new LinkedHashSet<>();
        viewers.add(Role.fromWire(identity.signedInRole())
                .orElseThrow(() -> new IllegalStateException("unknown role " + identity.signedInRole())));
        String acting = device.actingEmployee();
        if (acting != null && !acting.equals(identity.signedInEmployeeId())) {
            // The acting employee's role as this device knows it; an unknown one narrows to the least visible.
            Role role = device.employees()
                    .get(acting)
                    .map(Employee::role)
                    .flatMap(Role::fromWire)
                    .orElse(Role.TECHNICIAN);
            viewers.add(role);
        }
        return viewers;
    }

    /** Whether every viewer may see the field's values. */
    static boolean see(Set<Role> viewers, CustomField field) {
        return viewers.stream().allMatch(field::visibleTo);
    }

    /**
     * Which of a noun's custom values every viewer may see: those of the fields the device shows the
     * acting employee ({@code customFields().all}, which leaves a managers-only field out for a
     * technician) that the signed-in employee may see too. A value of a field not among them (hidden,
     * or declared by a newer version) is left out.
     */
    static CustomShown customShown(RepairSyncDevice device, Nouns noun) {
        if (!noun.type().allowsCustomFields()) {
            return CustomShown.ALL;
        }
        Set<Role> viewers = of(device);
        Set<String> names = new LinkedHashSet<>();
        device.customFields().all(noun.type().name()).stream()
                .filter(field -> see(viewers, field))
                .forEach(field -> names.add(field.name()));
        return new CustomShown(names);
    }

    /** The custom fields whose values a command prints ({@link #customShown}). */
    record CustomShown(Set<String> names) {
        /** Every value: for an entity without custom fields. */
        static final CustomShown ALL = new CustomShown(null);

        boolean shows(String name) {
            return names == null || names.contains(name);
        }
    }
}
