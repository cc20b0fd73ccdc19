package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.client.DeviceIdentity;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Employee;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.Visibility;
import java.util.LinkedHashSet;
import java.util.List;
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
     * The names of the noun's custom fields whose values some viewer may not see; none for an
     * entity without custom fields.
     */
    static Set<String> hiddenCustom(RepairSyncDevice device, Nouns noun) {
        if (!noun.type().allowsCustomFields()) {
            return Set.of();
        }
        List<CustomField> fields = device.customFields().all(noun.type().name());
        if (fields.stream().allMatch(field -> field.visibility() == Visibility.EVERYONE)) {
            return Set.of();
        }
        Set<Role> viewers = of(device);
        Set<String> hidden = new LinkedHashSet<>();
        fields.stream().filter(field -> !see(viewers, field)).forEach(field -> hidden.add(field.name()));
        return hidden;
    }
}
