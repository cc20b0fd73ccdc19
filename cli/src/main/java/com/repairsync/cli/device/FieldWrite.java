package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.protocol.schema.CustomField;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A {@code field} command that writes a declaration ({@code add}, {@code change}, {@code remove},
 * {@code restore}): the entity and name it acts on, the write through the device, then the send
 * and what came of it. A refusal names the flag or argument it is about.
 */
abstract class FieldWrite extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "ENTITY", description = "ticket, customer or item")
    String entityText;

    @Parameters(
            index = "1",
            paramLabel = "NAME",
            description = "the field's name: a lower-case letter, then letters and digits (accessories, waterDamage)")
    String name;

    @Option(names = "--no-sync", description = "only save on this device; send with the next repairsync sync")
    boolean noSync;

    private String entity;

    @Override
    public final Integer call() {
        entity = CustomFieldViews.entity(entityText); // bad input is refused before the device opens
        check();
        return super.call();
    }

    /** Checks the flags before the device opens. */
    void check() {}

    /** Writes the declaration through the device (saved there first, then sent). */
    protected abstract void write(RepairSyncDevice device, String entity);

    /** The past tense people read: "Declared", "Changed" ... */
    abstract String verb();

    /** Whether the field must be declared already (all but {@code add}). */
    boolean mustExist() {
        return true;
    }

    @Override
    protected int run(RepairSyncDevice device, Terminal terminal) {
        if (mustExist() && CustomFieldViews.find(device, entity, name).isEmpty()) {
            throw CliException.notFound("no field " + name + " on " + entity + " (repairsync field list "
                    + CustomFieldViews.noun(entity) + " --all)");
        }
        try {
            write(device, entity);
        } catch (PermissionDeniedException e) {
            throw CliException.refused("field " + spec.name() + ": only an admin may declare or change the shop's"
                    + " fields (" + e.getMessage() + ")");
        } catch (InvalidRecordException e) {
            throw CliException.usage(argumentOf(e.field()) + ": " + e.getMessage());
        }
        WriteSync.afterWrite(device, terminal, noSync);
        String id = CustomField.recordId(entity, name);
        SyncStatus status = device.status(CustomFieldViews.ENTITY, id);
        ObjectNode view = CustomFieldViews.find(device, entity, name)
                .map(field -> CustomFieldViews.of(device, field))
                .orElseGet(() -> Terminal.object().put("id", id));
        terminal.result(
                view,
                () -> terminal.line(verb() + " field " + name + " on " + entity + " ("
                        + status.name().toLowerCase(Locale.ROOT) + ")."));
        WriteSync.noteWaiting(device, terminal, id);
        if (status == SyncStatus.FAILED) {
            device.failedMutations().stream()
                    .filter(f -> f.recordId().equals(id))
                    .forEach(f -> terminal.note("The server refused it: " + f.message()
                            + " (repairsync failed list; discard it with repairsync failed discard " + f.mutationId()
                            + ")"));
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    /** The argument or flag of a declaration's field, for a refusal. */
    private String argumentOf(String field) {
        if (field == null) {
            return "field " + spec.name();
        }
        return switch (field) {
            case "entity" -> "ENTITY";
            case "name", "recordId" -> "NAME";
            case "type" -> "--type";
            case "choices" -> spec.findOption("--add-choice") != null ? "--add-choice" : "--choice";
            case "label" -> "--label";
            case "position" -> "--position";
            case "required" -> "--required";
            case "visibleTo" -> "--managers-only";
            default -> field;
        };
    }
}
