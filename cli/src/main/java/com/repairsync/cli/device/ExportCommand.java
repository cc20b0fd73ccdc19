package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.export.CsvWriter;
import com.repairsync.cli.export.ExportColumns;
import com.repairsync.cli.export.ExportFolder;
import com.repairsync.cli.export.ExportFormat;
import com.repairsync.cli.export.JsonlWriter;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repairsync export}: every entity of {@link Schema} from the device's own records (offline
 * too), one file per entity, with only the fields the employees on this device may see.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write every record this device holds to one file per entity (customers.csv, tickets.csv ...),"
                    + " for the owner's archive or an accountant. Works offline; pending changes are included.",
            "Only fields the signed-in and the acting employee may both see are written:"
                    + " a technician's export has no pay rates. CSV cells a spreadsheet would run as formulas get a leading '."
        },
        footer = {
            "",
            "Money is in cents as stored (estimateCents 12999 is 129.99); times are ISO-8601 UTC.",
            "The shop's own fields (repairsync field list) are columns named custom.NAME.",
            "Files are readable by their owner only; a folder holding an earlier export is refused without --force.",
            "",
            "Examples:",
            "  repairsync export --out ~/exports/2026-11",
            "  repairsync export --out ./archive --format jsonl --force"
        })
public final class ExportCommand extends DeviceCommand {
    @Option(
            names = "--out",
            required = true,
            paramLabel = "FOLDER",
            description = "the folder for the files; created if missing")
    Path out;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "csv",
            description = "csv (default, for spreadsheets) or jsonl (one JSON object per line)")
    String format;

    @Option(names = "--force", description = "replace the files of an earlier export in FOLDER")
    boolean force;

    private ExportFormat chosen;

    @Override
    public Integer call() {
        // A bad flag is reported before the device is opened.
        chosen = ExportFormat.named(format)
                .orElseThrow(() -> CliException.usage(
                        "--format: expected one of " + ExportFormat.accepted() + " (got '" + format + "')"));
        return super.call();
    }

    @Override
    protected int run(RepairSyncDevice device, Terminal terminal) {
        Set<Role> viewers = Viewers.of(device);
        List<String> exportFiles = new ArrayList<>();
        for (EntityType type : exported()) {
            for (ExportFormat any : ExportFormat.values()) {
                exportFiles.add(any.fileOf(type.name()));
            }
        }
        List<ObjectNode> files = new ArrayList<>();
        try (ExportFolder folder = ExportFolder.prepare(out, exportFiles, force)) {
            for (EntityType type : exported()) {
                Nouns noun = Nouns.ofEntity(type.name()).orElseThrow();
                List<CustomField> custom =
                        type.allowsCustomFields() ? device.customFields().all(type.name()) : List.of();
                List<String> columns = ExportColumns.of(type, viewers, custom);
                String name = chosen.fileOf(type.name());
                int rows = write(folder.temporary(name), noun, device, columns);
                files.add(Terminal.object()
                        .put("entity", type.name())
                        .put("rows", rows)
                        .put("file", folder.dir().resolve(name).toString()));
            }
            folder.commit();
            ObjectNode result =
                    Terminal.object().put("folder", folder.dir().toString()).put("format", chosen.extension());
            ArrayNode roles = result.putArray("roles");
            viewers.forEach(role -> roles.add(role.wireName()));
            result.putArray("files").addAll(files);
            terminal.result(result, () -> printSummary(terminal, folder.dir(), viewers, files));
        }
        return 0;
    }

    /**
     * The entities exported: those with records of their own ({@link Nouns}); the shop's field
     * declarations are not, their values are columns of the records they belong to.
     */
    private static List<EntityType> exported() {
        return Schema.entities().stream()
                .filter(type -> Nouns.ofEntity(type.name()).isPresent())
                .toList();
    }

    private int write(Path file, Nouns noun, RepairSyncDevice device, List<String> columns) {
        List<?> records = noun.in(device).all();
        try (Writer writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            if (chosen == ExportFormat.CSV) {
                CsvWriter csv = new CsvWriter(writer);
                csv.header(columns);
                for (Object record : records) {
                    ObjectNode row = ExportColumns.select(RecordView.of(record), columns);
                    List<com.fasterxml.jackson.databind.JsonNode> cells = new ArrayList<>();
                    row.elements().forEachRemaining(cells::add);
                    csv.row(cells);
                }
            } else {
                JsonlWriter jsonl = new JsonlWriter(writer, Terminal.JSON);
                for (Object record : records) {
                    jsonl.row(ExportColumns.select(RecordView.of(record), columns));
                }
            }
        } catch (IOException e) {
            throw CliException.usage("--out: cannot write " + file + " (" + e + ")");
        } catch (UncheckedIOException e) {
            throw CliException.usage("--out: cannot write " + file + " (" + e.getCause() + ")");
        }
        return records.size();
    }

    private static void printSummary(Terminal terminal, Path dir, Set<Role> viewers, List<ObjectNode> files) {
        List<List<String>> rows = new ArrayList<>();
        long total = 0;
        for (ObjectNode file : files) {
            rows.add(List.of(
                    file.path("entity").asText(),
                    file.path("rows").asText(),
                    Path.of(file.path("file").asText()).getFileName().toString()));
            total += file.path("rows").asLong();
        }
        terminal.table(List.of("ENTITY", "ROWS", "FILE"), rows, 80);
        List<String> roles = viewers.stream().map(Role::wireName).toList();
        terminal.line("Exported " + total + " records to " + dir + " (fields visible to " + String.join(" and ", roles)
                + ").");
    }
}
