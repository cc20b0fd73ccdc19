package com.repairsync.desk.ui;

import com.repairsync.client.Presence;
import com.repairsync.client.SyncState;
import com.repairsync.client.records.Employee;
import com.repairsync.desk.DeskMain;
import com.repairsync.desk.backend.Access;
import com.repairsync.desk.backend.DeskBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The desk's window: a header with everything about sync (offline banner, status, pending badge,
 * progress, refresh, who is online, who is acting), navigation on the left, the screen in the
 * middle, and the PIN pad over it when employees switch.
 *
 * <p>The desk locks when it starts (once it has joined and some employee has a PIN) and after
 * {@link DeskBackend#lockAfter()} without mouse or keyboard input on the window: everything but
 * the PIN pad is hidden and disabled, not just covered, until someone switches in by PIN. A desk
 * where nobody has a PIN (or whose device, signed in by a technician, sees no PIN hashes) never
 * locks, since nobody could unlock it.
 */
public final class DeskWindow {
    private final DeskBackend backend;
    private final DeskContext ctx;
    private final StackPane root = new StackPane();
    private final BorderPane shell = new BorderPane();
    private final Banners banners = new Banners();
    private final Label syncStatus = new Label("Starting\u2026");
    private final Label pendingBadge = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Label presence = new Label();
    private final Label employee = new Label();
    private final Label notice = new Label();
    private final Label attentionBadge = new Label();
    private final ToggleGroup nav = new ToggleGroup();
    private final Map<String, Screen> screens = new LinkedHashMap<>();
    private final Map<String, ToggleButton> navButtons = new LinkedHashMap<>();
    private final StackPane content = new StackPane();
    private final PinPad pinPad;
    private final Clock clock;
    private final Timeline idleCheck = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> checkIdle()));
    private Screen current;
    private List<Presence.OnlineDevice> online = List.of();
    private boolean entered;
    private boolean locked;
    private boolean idleChecking;
    private Instant lastInput;

    public DeskWindow(DeskBackend backend, DeskMain.Options options) {
        this(backend, options, Clock.systemUTC(), null);
    }

    /**
     * A window whose idle time is read from {@code clock} (tests move it instead of waiting), and
     * that opens web pages (the owner's console) with {@code browser}; without one, a link is copied.
     */
    public DeskWindow(DeskBackend backend, DeskMain.Options options, Clock clock, Consumer<String> browser) {
        this.backend = backend;
        this.clock = clock;
        this.lastInput = clock.instant();
        this.ctx = new DeskContext(backend, this::notice, this::openTicket, browser, this::openAudit);
        this.pinPad = new PinPad(ctx, this::switched, this::hidePin);
        DeskBackend.onUnhandled(ctx::failed);
        buildShell();
        root.getStyleClass().add("desk");
        root.addEventFilter(InputEvent.ANY, e -> lastInput = clock.instant());
        idleCheck.setCycleCount(Animation.INDEFINITE);
        idleCheck.play();
        backend.addSyncStateListener(this::showSync);
        backend.addRecordListener(this::recordsChanged);
        backend.addPresenceListener(now -> {
            online = now;
            showPresence();
        });
        backend.start()
                .then(
                        joined -> {
                            if (joined) {
                                enter();
                                lockIfAnyonePin(); // whoever starts the desk switches in by PIN
                            } else {
                                // The person joining just typed an admin's or manager's password.
                                root.getChildren().setAll(new JoinView(backend, options, this::enter).view());
                            }
                        },
                        ctx::failed);
    }

    public Parent root() {
        return root;
    }

    /**
     * Locks the desk if it has gone {@link DeskBackend#lockAfter()} without input; the window's
     * timeline calls this every second.
     */
    public void checkIdle() {
        if (!entered || locked || idleChecking || !idleTooLong()) {
            return;
        }
        idleChecking = true;
        backend.call(DeskWindow::anyonePin)
                .then(
                        anyPin -> {
                            idleChecking = false;
                            if (!anyPin) {
                                lastInput = clock.instant(); // nobody could unlock: ask again in a while
                            } else if (!locked && idleTooLong()) {
                                lock();
                            }
                        },
                        failure -> {
                            idleChecking = false;
                            lock(); // better a desk to unlock than data shown to anyone
                            ctx.failed(failure);
                        });
    }

    private boolean idleTooLong() {
        return !Duration.between(lastInput, clock.instant())
                .minus(backend.lockAfter())
                .isNegative();
    }

    private static boolean anyonePin(com.repairsync.client.RepairSyncDevice device) {
        return device.employees().active().stream().anyMatch(e -> e.pinHash() != null);
    }

    /** Stops the idle check, for a window that is thrown away while the application runs on. */
    public void close() {
        idleCheck.stop();
    }

    /** Whether the desk is locked (only the PIN pad shows). */
    public boolean locked() {
        return locked;
    }

    /** Covers the desk at once, then uncovers it again if nobody has a PIN to unlock it with. */
    private void lockIfAnyonePin() {
        lock();
        backend.call(DeskWindow::anyonePin)
                .then(
                        anyPin -> {
                            if (!anyPin) {
                                unlock();
                            }
                        },
                        ctx::failed); // stays locked: better a desk to unlock than data shown to anyone
    }

    private void lock() {
        locked = true;
        shell.setVisible(false);
        shell.setDisable(true);
        pinPad.lockScreen();
        pinPad.view().setVisible(true);
    }

    private void unlock() {
        locked = false;
        lastInput = clock.instant();
        shell.setDisable(false);
        shell.setVisible(true);
        hidePin();
    }

    private void buildShell() {
        shell.setId("deskShell");
        syncStatus.setId("syncStatus");
        pendingBadge.setId("pendingBadge");
        pendingBadge.getStyleClass().add("badge");
        progress.setId("syncProgress");
        progress.setPrefWidth(120);
        progress.setVisible(false);
        presence.setId("presence");
        presence.getStyleClass().add("muted");
        employee.setId("currentEmployee");
        employee.getStyleClass().add("employee");
        Button refresh = Fx.button("\u21bb Refresh", "refresh");
        refresh.setOnAction(e -> refresh());
        Button switchButton = Fx.button("Switch employee", "switchEmployee");
        switchButton.setOnAction(e -> showPin());
        Label brand = new Label("RepairSync Desk");
        brand.getStyleClass().add("brand");
        HBox header = Fx.bar(
                brand,
                Fx.spacer(),
                presence,
                Fx.statusIcon(null),
                syncStatus,
                pendingBadge,
                progress,
                refresh,
                employee,
                switchButton);
        header.getChildren().remove(3);
        header.getStyleClass().add("header");
        shell.setTop(banners.under(header));

        screens.put("Customers", new CustomersScreen(ctx));
        screens.put("Repairs", new TicketsScreen(ctx));
        screens.put("Inventory", new InventoryScreen(ctx));
        screens.put("Appointments", new AppointmentsScreen(ctx));
        screens.put("Employees", new EmployeesScreen(ctx));
        screens.put("Fields", new FieldsScreen(ctx));
        screens.put("Audit", new AuditScreen(ctx));
        screens.put("Needs attention", new AttentionScreen(ctx));
        screens.put("Recently deleted", new DeletedScreen(ctx));
        VBox navBox = new VBox(4);
        navBox.getStyleClass().add("nav");
        screens.forEach((name, screen) -> {
            ToggleButton button = new ToggleButton(name);
            button.setId("nav" + name.replace(" ", ""));
            button.setToggleGroup(nav);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setOnAction(e -> show(name));
            navButtons.put(name, button);
            navBox.getChildren().add(button);
        });
        attentionBadge.setId("attentionBadge");
        attentionBadge.getStyleClass().addAll("badge", "badge-failed");
        attentionBadge.setVisible(false);
        navButtons.get("Needs attention").setGraphic(attentionBadge);
        navButtons.get("Needs attention").setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        shell.setLeft(navBox);
        shell.setCenter(content);
        notice.setId("notice");
        notice.getStyleClass().add("notice");
        shell.setBottom(notice);
    }

    /** After join or start: the main screens, as the device's acting employee. */
    private void enter() {
        entered = true;
        lastInput = clock.instant();
        root.getChildren().setAll(shell, pinPad.view());
        pinPad.view().setVisible(false);
        loadAccess();
        showServerCertificate();
        show("Customers");
    }

    private void show(String name) {
        current = screens.get(name);
        navButtons.get(name).setSelected(true);
        content.getChildren().setAll(current.view());
        current.reload();
    }

    private void openTicket(String ticketId) {
        show("Repairs");
        ((TicketsScreen) screens.get("Repairs")).open(ticketId);
    }

    private void openAudit(String employeeId) {
        ((AuditScreen) screens.get("Audit")).employee(employeeId);
        show("Audit");
    }

    /** The certificate this computer pinned, for the owner to compare with what the server printed. */
    private void showServerCertificate() {
        backend.call(d -> d.certificatePin().current().orElse(null)).then(pin -> {
            if (pin != null) {
                Tooltip.install(syncStatus, new Tooltip("Server certificate (SHA-256): " + pin));
            }
        });
    }

    private void loadAccess() {
        backend.call(d -> d.employees().get(d.actingEmployee()).orElse(null)).then(this::accessIs);
    }

    private void accessIs(Employee acting) {
        Access access = new Access(acting);
        ctx.access.set(access);
        employee.setText(access.name() + " \u00b7 " + Fx.label(access.role().wireName()));
        screens.values().forEach(s -> s.accessChanged(access));
        screens.forEach((name, screen) -> {
            boolean visible = screen.visibleTo(access);
            navButtons.get(name).setVisible(visible);
            navButtons.get(name).setManaged(visible);
        });
        if (current != null && !current.visibleTo(access)) {
            show("Customers");
        }
        showPresence();
    }

    private void showPin() {
        pinPad.reset();
        pinPad.view().setVisible(true);
    }

    private void hidePin() {
        pinPad.view().setVisible(false);
    }

    private void switched() {
        if (locked) {
            unlock();
        }
        hidePin();
        loadAccess();
        notice("Switched employee");
        if (current != null) {
            current.reload();
        }
    }

    private void refresh() {
        notice("Syncing\u2026");
        backend.syncNow()
                .then(ok -> notice("Up to date"), failure -> notice("Not synced: " + JoinView.explain(failure)));
    }

    private void showSync(SyncState state) {
        banners.update(backend);
        boolean offline = !state.online();
        banners.offline(offline);
        banners.waiting(backend, state.waitingForServerUpdate());
        int pending = state.pendingCount();
        pendingBadge.setText(Integer.toString(pending));
        pendingBadge.setVisible(pending > 0);
        pendingBadge.setManaged(pending > 0);
        progress.setVisible(state.syncing() && state.progress() < 1);
        progress.setProgress(state.progress());
        syncStatus.setText(SyncText.of(state));
        int attention = state.failedCount() + state.conflictCount();
        attentionBadge.setText(Integer.toString(attention));
        attentionBadge.setVisible(attention > 0);
        if (offline) {
            online = List.of();
            showPresence();
        }
    }

    private void showPresence() {
        if (online.isEmpty()) {
            presence.setText("");
            return;
        }
        List<Presence.OnlineDevice> now = online;
        backend.call(d -> now.stream()
                        .map(p -> (p.deviceName() == null ? "device" : p.deviceName()) + " ("
                                + d.employees()
                                        .get(p.employeeId())
                                        .map(Employee::firstName)
                                        .orElse("?") + ")")
                        .sorted()
                        .collect(Collectors.joining(", ")))
                .then(text -> presence.setText("Online: " + text));
    }

    private void recordsChanged(Set<String> entities) {
        if (entities.contains("employees") || entities.contains("*")) {
            loadAccess();
        }
        if (current != null
                && (entities.contains("*") || current.entities().stream().anyMatch(entities::contains))) {
            current.reload();
        }
    }

    private void notice(String text) {
        notice.setText(text);
    }
}
