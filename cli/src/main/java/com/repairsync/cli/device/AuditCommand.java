package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.AuditQuery;
import com.repairsync.client.HistoryText;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.ShopDevice;
import com.repairsync.client.records.Employee;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.schema.FieldSpec;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repairsync audit}: the shop's history as a manager reads it, narrowed to an employee, a
 * device, an entity and a time range, newest first. Online; managers and admins only (the server
 * decides).
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "What happened in the shop, newest first: every change by an employee or from a device in a time range.",
            "Managers and admins; online."
        },
        footer = {
            "",
            "Examples:",
            "  repairsync audit --employee tom@fixit.test --from 2026-11-24 --to 2026-11-25",
            "  repairsync audit --device-id \"front desk\" --entity ticket --limit 20",
            "  repairsync audit --json --before 1234        (the next, older page)"
        })
public final class AuditCommand extends DeviceCommand {
    @Option(
            names = "--employee",
            paramLabel = "ID|EMAIL",
            description = "only what this employee did: their id or e-mail (repairsync employee list)")
    String employee;

    @Option(
            names = "--device-id",
            paramLabel = "ID|NAME",
            description = "only what came from this device: its id or name (repairsync devices list)")
    String deviceId;

    @Option(
            names = "--entity",
            paramLabel = "NAME",
            description = "only changes of customer, ticket, part, item, employee, appointment or attachment")
    String entity;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description = "only changes at or after: 2026-11-24, 2026-11-24T15:30 (local) or an ISO instant")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "only changes before this time (as --from)")
    String to;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description =
                    "at most N entries (1 to " + AuditQuery.MAX_LIMIT + "; default " + AuditQuery.DEFAULT_LIMIT + ")")
    String limit;

    @Option(
            names = "--before",
            paramLabel = "SEQ",
            description = "only entries older than this sequence number (the previous page prints it)")
    String before;

    private Instant since;
    private Instant until;
    private int pageSize;
    private Long older;
    private String entityName;

    /** Every flag that needs no device is checked before the device opens: a bad one is refused naming it. */
    @Override
    public Integer call() {
        since = from == null ? null : Values.instant("--from", from);
        until = to == null ? null : Values.instant("--to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw CliException.usage("--from: " + from + " is after --to " + to);
        }
        pageSize = HistoryLines.limit(limit, AuditQuery.MAX_LIMIT, AuditQuery.DEFAULT_LIMIT);
        older = HistoryLines.before(before);
        entityName =
                entity == null ? null : Nouns.named("--entity", entity).type().name();
        if (employee != null && !isId(employee) && !employee.contains("@")) {
            throw CliException.usage("--employee: give an employee's id or e-mail (got '" + employee + "')");
        }
        if (deviceId != null && deviceId.isBlank()) {
            throw CliException.usage("--device-id: give a device's id or name");
        }
        return super.call();
    }

    @Override
    protected int run(RepairSyncDevice device, Terminal terminal) {
        String employeeId = employee == null ? null : employeeId(device, employee);
        List<ShopDevice> devices = null;
        String fromDevice = null;
        if (deviceId != null && isId(deviceId)) {
            fromDevice = Values.id("--device-id", deviceId);
        } else if (deviceId != null) {
            devices = ServerOnly.ask("a device is found by its name on the server", () -> device.shopDevices()
                    .list());
            fromDevice = named(devices, deviceId);
        }
        AuditQuery query = AuditQuery.all()
                .employee(employeeId)
                .device(fromDevice)
                .entity(entityName)
                .from(since)
                .to(until)
                .before(older)
                .limit(pageSize);
        HistoryPage page = ServerOnly.ask(
                "the audit is read from the server", () -> device.audit().query(query));
        HistoryText text = HistoryLines.text(device, devices != null ? devices : HistoryLines.devicesOrNull(device));
        ObjectNode result = Terminal.object();
        List<HistoryEntry> entries = HistoryLines.visible(device, page.entries());
        result.set("entries", HistoryLines.json(text, entries));
        result.put("before", page.before());
        terminal.result(result, () -> {
            if (entries.isEmpty()) {
                terminal.line("Nothing in the audit matches.");
                return;
            }
            for (HistoryEntry entry : entries) {
                String noun = Nouns.ofEntity(entry.entity()).map(Nouns::noun).orElse(entry.entity());
                terminal.line(noun + " " + entry.recordId() + ": " + text.sentence(entry));
            }
            if (page.before() != null) {
                terminal.line("Older: the same command with --before " + page.before());
            }
        });
        return ExitCode.OK;
    }

    private static boolean isId(String text) {
        return FieldSpec.canonicalUuid(text.trim()).isPresent();
    }

    /** An employee by id, or by e-mail among the employees this device holds. */
    private static String employeeId(RepairSyncDevice device, String text) {
        if (isId(text)) {
            return Values.id("--employee", text);
        }
        String email = text.trim().toLowerCase(Locale.ROOT);
        List<Employee> matching = device.employees().all().stream()
                .filter(e ->
                        e.email() != null && e.email().toLowerCase(Locale.ROOT).equals(email))
                .toList();
        if (matching.isEmpty()) {
            throw CliException.notFound("--employee: no employee with e-mail " + text + " on this device");
        }
        return matching.get(0).id();
    }

    /** A device by its name among the shop's devices. */
    private static String named(List<ShopDevice> devices, String text) {
        List<ShopDevice> named = devices.stream()
                .filter(d -> d.name() != null && d.name().equalsIgnoreCase(text.trim()))
                .toList();
        if (named.isEmpty()) {
            throw CliException.notFound(
                    "--device-id: no device of the shop is called '" + text + "' (repairsync devices list)");
        }
        if (named.size() > 1) {
            throw CliException.usage("--device-id: " + named.size() + " devices are called '" + text
                    + "'; give the device's id (repairsync devices list)");
        }
        return named.get(0).deviceId();
    }
}
