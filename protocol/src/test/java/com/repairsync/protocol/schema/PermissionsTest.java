package com.repairsync.protocol.schema;

import static com.repairsync.protocol.Role.ADMIN;
import static com.repairsync.protocol.Role.FRONT_DESK;
import static com.repairsync.protocol.Role.MANAGER;
import static com.repairsync.protocol.Role.TECHNICIAN;
import static com.repairsync.protocol.schema.Action.ADJUST;
import static com.repairsync.protocol.schema.Action.CREATE;
import static com.repairsync.protocol.schema.Action.DELETE;
import static com.repairsync.protocol.schema.Action.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.RecordState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PermissionsTest {
    private static final Set<Action> CUD = EnumSet.of(CREATE, UPDATE, DELETE);

    private static boolean allowed(Role role, EntityType type, Action action) {
        return Permissions.denial(role, type, action, Map.of(), null).isEmpty();
    }

    /**
     * What each role may do. ADJUST is only meaningful for entities with a counter, so it is only
     * pinned for inventory items. The cells the brief decides are marked; the others pin today's
     * table so that a change to it is a deliberate one.
     */
    private static Set<Action> expected(Role role, EntityType type) {
        if (type == Schema.ATTACHMENTS && (role == TECHNICIAN || role == FRONT_DESK)) {
            return EnumSet.of(CREATE, UPDATE); // issue 27: add photos and captions; managers remove them
        }
        if (type == Schema.CUSTOM_FIELDS) {
            // issue 30: an admin declares and changes the shop's fields; removing one is an update
            return role == ADMIN ? EnumSet.of(CREATE, UPDATE) : EnumSet.noneOf(Action.class);
        }
        if (role == ADMIN || role == MANAGER) {
            return type == Schema.INVENTORY_ITEMS ? EnumSet.allOf(Action.class) : CUD; // brief
        }
        if (role == TECHNICIAN) {
            if (type == Schema.TICKETS) {
                return EnumSet.of(CREATE, UPDATE); // brief: create/update tickets
            }
            if (type == Schema.TICKET_PARTS) {
                return CUD; // brief: write ticket parts
            }
            if (type == Schema.INVENTORY_ITEMS) {
                return EnumSet.of(ADJUST); // brief: take parts from stock, not create items
            }
            return EnumSet.noneOf(Action.class); // brief: not employees, not customers; appointments pinned
        }
        // FRONT_DESK
        if (type == Schema.CUSTOMERS || type == Schema.APPOINTMENTS) {
            return CUD; // brief
        }
        if (type == Schema.TICKETS) {
            return EnumSet.of(CREATE, UPDATE); // brief: create/update tickets
        }
        return EnumSet.noneOf(Action.class); // brief: not employees, not adjust stock; ticket parts pinned
    }

    @Test
    void permissionTableMatchesTheBrief() {
        List<String> mismatches = new ArrayList<>();
        for (EntityType type : Schema.entities()) {
            Set<Action> actions = type == Schema.INVENTORY_ITEMS ? EnumSet.allOf(Action.class) : CUD;
            for (Role role : Role.values()) {
                Set<Action> expected = expected(role, type);
                for (Action action : actions) {
                    boolean may = allowed(role, type, action);
                    if (may != expected.contains(action)) {
                        mismatches.add(role.wireName() + " " + action + " " + type.name() + ": expected "
                                + (expected.contains(action) ? "allowed" : "denied"));
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(Schema.entities())
                .extracting(EntityType::name)
                .containsExactlyInAnyOrder(
                        "customers",
                        "tickets",
                        "ticketParts",
                        "inventoryItems",
                        "employees",
                        "appointments",
                        "attachments",
                        "customFields");
    }

    @Test
    void spotChecksFromTheBrief() {
        assertThat(allowed(TECHNICIAN, Schema.TICKETS, CREATE)).isTrue();
        assertThat(allowed(TECHNICIAN, Schema.TICKETS, UPDATE)).isTrue();
        assertThat(allowed(TECHNICIAN, Schema.TICKET_PARTS, CREATE)).isTrue();
        assertThat(allowed(TECHNICIAN, Schema.INVENTORY_ITEMS, ADJUST)).isTrue();
        assertThat(allowed(TECHNICIAN, Schema.INVENTORY_ITEMS, CREATE)).isFalse();
        assertThat(allowed(TECHNICIAN, Schema.EMPLOYEES, UPDATE)).isFalse();
        assertThat(allowed(TECHNICIAN, Schema.CUSTOMERS, CREATE)).isFalse();
        assertThat(allowed(FRONT_DESK, Schema.CUSTOMERS, CREATE)).isTrue();
        assertThat(allowed(FRONT_DESK, Schema.APPOINTMENTS, UPDATE)).isTrue();
        assertThat(allowed(FRONT_DESK, Schema.TICKETS, CREATE)).isTrue();
        assertThat(allowed(FRONT_DESK, Schema.EMPLOYEES, CREATE)).isFalse();
        assertThat(allowed(FRONT_DESK, Schema.INVENTORY_ITEMS, ADJUST)).isFalse();
        assertThat(allowed(MANAGER, Schema.EMPLOYEES, CREATE)).isTrue();
        assertThat(allowed(ADMIN, Schema.INVENTORY_ITEMS, ADJUST)).isTrue();
    }

    @Test
    void denialNamesTheRoleTheActionAndTheEntity() {
        Optional<String> denial = Permissions.denial(TECHNICIAN, Schema.CUSTOMERS, CREATE, Map.of(), null);

        assertThat(denial).hasValueSatisfying(reason -> assertThat(reason)
                .contains("technician")
                .contains("create")
                .contains("customers"));
    }

    private static RecordState employee(String role) {
        return new RecordState(
                Map.of("firstName", "Ann", "role", role, "active", true),
                Map.of("role", new Hlc(1, 0, "n")),
                false,
                null);
    }

    @Test
    void aManagerMayNotCreateAnAdmin() {
        Optional<String> denial = Permissions.denial(
                MANAGER, Schema.EMPLOYEES, CREATE, Map.of("firstName", "Bob", "role", "admin"), null);

        assertThat(denial).hasValueSatisfying(reason -> assertThat(reason).contains("admin"));
    }

    @Test
    void aManagerMayNotChangeOrRemoveAnAdmin() {
        RecordState admin = employee("admin");

        assertThat(Permissions.denial(MANAGER, Schema.EMPLOYEES, UPDATE, Map.of("firstName", "Eve"), admin))
                .as("rename an admin")
                .isPresent();
        assertThat(Permissions.denial(MANAGER, Schema.EMPLOYEES, UPDATE, Map.of("role", "technician"), admin))
                .as("demote an admin")
                .isPresent();
        assertThat(Permissions.denial(MANAGER, Schema.EMPLOYEES, UPDATE, Map.of("active", false), admin))
                .as("deactivate an admin")
                .isPresent();
        assertThat(Permissions.denial(MANAGER, Schema.EMPLOYEES, DELETE, Map.of(), admin))
                .as("delete an admin")
                .isPresent();
    }

    @Test
    void aManagerMayNotPromoteSomeoneToAdmin() {
        assertThat(Permissions.denial(
                        MANAGER, Schema.EMPLOYEES, UPDATE, Map.of("role", "admin"), employee("technician")))
                .isPresent();
    }

    @Test
    void aManagerMayManageEmployeesWhoAreNotAdmins() {
        assertThat(Permissions.denial(
                        MANAGER, Schema.EMPLOYEES, CREATE, Map.of("firstName", "Bob", "role", "technician"), null))
                .isEmpty();
        assertThat(Permissions.denial(
                        MANAGER, Schema.EMPLOYEES, UPDATE, Map.of("role", "manager"), employee("front_desk")))
                .isEmpty();
        assertThat(Permissions.denial(MANAGER, Schema.EMPLOYEES, DELETE, Map.of(), employee("technician")))
                .isEmpty();
    }

    @Test
    void anAdminMayCreateChangeAndRemoveAdmins() {
        RecordState admin = employee("admin");

        assertThat(Permissions.denial(
                        ADMIN, Schema.EMPLOYEES, CREATE, Map.of("firstName", "Bob", "role", "admin"), null))
                .isEmpty();
        assertThat(Permissions.denial(ADMIN, Schema.EMPLOYEES, UPDATE, Map.of("role", "manager"), admin))
                .isEmpty();
        assertThat(Permissions.denial(ADMIN, Schema.EMPLOYEES, UPDATE, Map.of("role", "admin"), employee("manager")))
                .isEmpty();
        assertThat(Permissions.denial(ADMIN, Schema.EMPLOYEES, DELETE, Map.of(), admin))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = Role.class,
            names = {"TECHNICIAN", "FRONT_DESK"})
    void staffMayNotWriteEmployeesAtAll(Role role) {
        for (Action action : CUD) {
            assertThat(Permissions.denial(
                            role, Schema.EMPLOYEES, action, Map.of("role", "technician"), employee("technician")))
                    .as("%s %s", role, action)
                    .isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void anyEmployeeMaySetTheirOwnPinHashAndNothingElse(Role role) {
        String self = "0190a1b2-0000-7000-8000-000000000001";
        String other = "0190a1b2-0000-7000-8000-000000000002";
        RecordState own = employee(role.wireName());
        Map<String, Object> pin = Map.of("pinHash", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA");

        assertThat(Permissions.denial(self, role, Schema.EMPLOYEES, UPDATE, self, pin, own))
                .as("own PIN hash")
                .isEmpty();
        if (!role.managesShop()) {
            assertThat(Permissions.denial(self, role, Schema.EMPLOYEES, UPDATE, other, pin, employee("technician")))
                    .as("a colleague's PIN hash")
                    .isPresent();
            assertThat(Permissions.denial(
                            self, role, Schema.EMPLOYEES, UPDATE, self, Map.of("pinHash", "x", "role", "admin"), own))
                    .as("PIN hash with a promotion")
                    .isPresent();
            assertThat(Permissions.denial(self, role, Schema.EMPLOYEES, CREATE, self, pin, null))
                    .as("creating their own record")
                    .isPresent();
            assertThat(Permissions.denial(self, role, Schema.EMPLOYEES, DELETE, self, Map.of(), own))
                    .isPresent();
        }
    }

    @Test
    void managerFieldsAreVisibleOnlyToManagers() {
        FieldSpec pinHash = Schema.EMPLOYEES.field("pinHash").orElseThrow();
        FieldSpec rate = Schema.EMPLOYEES.field("hourlyRateCents").orElseThrow();

        for (Role role : Role.values()) {
            boolean manages = role == ADMIN || role == MANAGER;
            assertThat(pinHash.visibility().visibleTo(role))
                    .as("pinHash to %s", role)
                    .isEqualTo(manages);
            assertThat(rate.visibility().visibleTo(role))
                    .as("hourlyRateCents to %s", role)
                    .isEqualTo(manages);
        }
    }
}
