package com.repairsync.desk.ui;

import com.repairsync.client.records.InventoryItem;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.CustomField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Stock: every item, low stock highlighted, adjust a count, add an item, an item's history. */
final class InventoryScreen implements Screen {
    private final DeskContext ctx;
    private final TableView<InventoryItem> table = new TableView<>();
    private final Label lowStock = new Label();
    private final Spinner<Integer> delta = new Spinner<>(-1000, 1000, 1);
    private final Button adjust = Fx.button("Adjust stock", "adjustStock");
    private final Label adjustReason = Fx.reasonLabel();
    private final Button history = Fx.button("History", "itemHistory");
    private final TextField sku = Fx.field("itemSku", "SKU");
    private final TextField name = Fx.field("itemName", "Name");
    private final TextField category = Fx.field("itemCategory", "Category");
    private final TextField quantity = Fx.field("itemQuantity", "In stock");
    private final TextField reorder = Fx.field("itemReorder", "Reorder at");
    private final TextField price = Fx.field("itemPrice", "Sell price");
    private final TextField location = Fx.field("itemLocation", "Shelf");
    private final CustomFieldInputs custom = new CustomFieldInputs("itemCustom").maxWidth(420);
    private final CustomFieldColumns<InventoryItem> customColumns =
            new CustomFieldColumns<>(table, (i, name) -> i.custom().get(name));
    private final Button create = Fx.button("Add item", "createItem");
    private final Label createReason = Fx.reasonLabel();
    private final VBox view;

    InventoryScreen(DeskContext ctx) {
        this.ctx = ctx;
        table.setId("inventoryTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(InventoryItem::syncStatus),
                        Fx.column("SKU", 110, InventoryItem::sku),
                        Fx.column("Name", 200, InventoryItem::name),
                        Fx.column("Category", 100, InventoryItem::category),
                        Fx.column("In stock", 70, i -> String.valueOf(i.quantity())),
                        Fx.column(
                                "Reorder at",
                                80,
                                i -> i.reorderLevel() == null
                                        ? ""
                                        : i.reorderLevel().toString()),
                        Fx.column("Price", 80, i -> Fx.money(i.priceCents())),
                        Fx.column("Location", 90, InventoryItem::location)));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(InventoryItem item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("low-stock");
                if (!empty && item != null && low(item)) {
                    getStyleClass().add("low-stock");
                }
            }
        });
        table.setPlaceholder(new Label("No items in stock"));
        delta.setEditable(true);
        delta.setPrefWidth(90);
        delta.setId("stockDelta");
        adjust.setOnAction(e -> adjust());
        history.setOnAction(e -> HistoryWindow.open(
                ctx, table, "inventoryItems", table.getSelectionModel().getSelectedItem()));
        lowStock.setId("lowStockSummary");
        lowStock.getStyleClass().add("muted");

        GridPane form = Fx.form();
        Fx.row(form, "SKU", sku);
        Fx.row(form, "Name", name);
        Fx.row(form, "Category", category);
        Fx.row(form, "In stock", quantity);
        Fx.row(form, "Reorder at", reorder);
        Fx.row(form, "Sell price", price);
        Fx.row(form, "Location", location);
        create.setOnAction(e -> create());
        form.setMaxWidth(420);

        view = new VBox(
                8,
                Fx.bar(Fx.title("Inventory"), Fx.spacer(), lowStock),
                table,
                Fx.bar(new Label("Selected item: add or take"), delta, adjust, history),
                adjustReason,
                new Label("New item"),
                form,
                custom.view(),
                Fx.bar(create),
                createReason);
        VBox.setVgrow(table, Priority.ALWAYS);
        view.getStyleClass().add("pane");
    }

    static boolean low(InventoryItem item) {
        return item.reorderLevel() != null && item.quantity() != null && item.quantity() <= item.reorderLevel();
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("inventoryItems", "customFields");
    }

    @Override
    public void reload() {
        String keep = table.getSelectionModel().getSelectedItem() == null
                ? null
                : table.getSelectionModel().getSelectedItem().id();
        ctx.backend
                .call(d -> new Loaded(d.inventoryItems().all(), d.customFields().active("inventoryItems")))
                .then(loaded -> {
                    List<CustomField> fields = CustomFieldInputs.visible(
                            loaded.fields(), ctx.access().role());
                    customColumns.show(fields);
                    custom.fields(fields);
                    List<InventoryItem> items = loaded.items();
                    List<InventoryItem> sorted = items.stream()
                            .sorted(java.util.Comparator.comparing(InventoryItem::sku))
                            .toList();
                    table.getItems().setAll(sorted);
                    sorted.stream()
                            .filter(i -> i.id().equals(keep))
                            .findFirst()
                            .ifPresent(i -> table.getSelectionModel().select(i));
                    long low = sorted.stream().filter(InventoryScreen::low).count();
                    lowStock.setText(
                            low == 0
                                    ? "Stock is fine"
                                    : low + " item" + (low == 1 ? "" : "s") + " at or below reorder level");
                });
    }

    private record Loaded(List<InventoryItem> items, List<CustomField> fields) {}

    @Override
    public void accessChanged(Access access) {
        Fx.guard(adjust, adjustReason, access.denial("inventoryItems", Action.ADJUST));
        Fx.guard(create, createReason, access.denial("inventoryItems", Action.CREATE));
    }

    private void adjust() {
        InventoryItem item = table.getSelectionModel().getSelectedItem();
        if (item == null) {
            ctx.notice("Select an item first");
            return;
        }
        long by = delta.getValue();
        ctx.backend
                .run(d -> d.inventoryItems().adjustStock(item.id(), by))
                .then(
                        ok -> {
                            ctx.notice((by >= 0 ? "Added " : "Took ") + Math.abs(by) + " \u00d7 " + item.name());
                            reload();
                        },
                        ctx::failed);
    }

    private void create() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("sku", sku.getText().trim());
        fields.put("name", name.getText().trim());
        try {
            putIfSet(fields, "category", Fx.blankToNull(category.getText()));
            putIfSet(fields, "location", Fx.blankToNull(location.getText()));
            putIfSet(fields, "quantity", number(quantity.getText()));
            putIfSet(fields, "reorderLevel", number(reorder.getText()));
            putIfSet(fields, "priceCents", Fx.cents(price.getText()));
            Map<String, Object> values = custom.forCreate();
            if (!values.isEmpty()) {
                fields.put("custom", values);
            }
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        ctx.backend
                .call(d -> d.inventoryItems().create(fields))
                .then(
                        id -> {
                            ctx.notice("Item added");
                            List.of(sku, name, category, quantity, reorder, price, location)
                                    .forEach(TextField::clear);
                            custom.clear();
                            reload();
                        },
                        error -> {
                            custom.showError(error);
                            ctx.failed(error);
                        });
    }

    private static Long number(String text) {
        String clean = Fx.blankToNull(text);
        try {
            return clean == null ? null : Long.parseLong(clean);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + text);
        }
    }

    private static void putIfSet(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
