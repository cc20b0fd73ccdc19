package com.repairsync.server.http.console;

import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.auth.ConsoleSignIn;
import com.repairsync.server.auth.EmployeeSignOut;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.console.HeldChanges;
import com.repairsync.server.console.ShopConsole;
import com.repairsync.server.history.HistoryReader;
import com.repairsync.server.http.HistoryHandlers;
import com.repairsync.server.http.RequestParams;
import com.repairsync.server.store.AuditFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON the console page reads and the changes it asks for, under {@code /console/api}, for
 * the browser's console session (cookie); a change needs the session's CSRF token. The same
 * services answer as for the bearer API ({@code /v1/devices}, {@code /v1/analytics}, {@code
 * /v1/alerts}, {@code /v1/audit}), with the same checks: only the session's own shop, only admins
 * and managers.
 */
public final class ConsoleApi {
    /** The caller's console session, checked for a change's CSRF token when {@code change}. */
    @FunctionalInterface
    interface Sessions {
        ConsoleSignIn.Session of(Context ctx, boolean change);
    }

    private final ShopDevices devices;
    private final ShopConsole console;
    private final EmployeeSignOut signOut;
    private final HeldChanges held;
    private final HistoryReader history;
    private final java.time.Clock clock;

    public ConsoleApi(
            ShopDevices devices,
            ShopConsole console,
            EmployeeSignOut signOut,
            HeldChanges held,
            HistoryReader history,
            java.time.Clock clock) {
        this.devices = devices;
        this.console = console;
        this.signOut = signOut;
        this.held = held;
        this.history = history;
        this.clock = clock;
    }

    void install(RoutesConfig routes, Sessions sessions) {
        routes.get("/console/api/session", ctx -> session(ctx, sessions.of(ctx, false)));
        routes.get(
                "/console/api/devices",
                ctx -> devices(ctx, sessions.of(ctx, false).principal()));
        routes.get("/console/api/analytics", ctx -> {
            Principal principal = sessions.of(ctx, false).principal();
            ctx.json(console.analytics(
                    principal, (int) RequestParams.number(ctx, "hours", 24, 1, ShopConsole.MAX_HOURS)));
        });
        routes.get(
                "/console/api/alerts",
                ctx -> ctx.json(
                        Map.of("alerts", console.alerts(sessions.of(ctx, false).principal()))));
        routes.post("/console/api/devices/{id}/revoke", ctx -> {
            Principal principal = sessions.of(ctx, true).principal();
            ctx.json(devices.revoke(principal, RequestParams.uuid(ctx, "id"), "true".equals(ctx.queryParam("wipe"))));
        });
        routes.get("/console/api/devices/{id}/held", ctx -> {
            Principal principal = sessions.of(ctx, false).principal();
            ctx.json(Map.of("held", held.list(principal, RequestParams.uuid(ctx, "id"))));
        });
        routes.post("/console/api/devices/{id}/held/{mutationId}/apply", ctx -> {
            Principal principal = sessions.of(ctx, true).principal();
            ctx.json(Map.of(
                    "results", held.apply(principal, RequestParams.uuid(ctx, "id"), RequestParams.mutationId(ctx))));
        });
        routes.post("/console/api/devices/{id}/held/{mutationId}/discard", ctx -> {
            Principal principal = sessions.of(ctx, true).principal();
            held.discard(principal, RequestParams.uuid(ctx, "id"), RequestParams.mutationId(ctx));
            ctx.status(204);
        });
        routes.get(
                "/console/api/audit", ctx -> audit(ctx, sessions.of(ctx, false).principal()));
        routes.post("/console/api/employees/{id}/sign-out", ctx -> {
            Principal principal = sessions.of(ctx, true).principal();
            signOut.signOutEverywhere(principal, RequestParams.uuid(ctx, "id"));
            ctx.status(204);
        });
    }

    /** Who is signed in, and the CSRF token the page sends with changes. */
    private void session(Context ctx, ConsoleSignIn.Session session) {
        Principal principal = session.principal();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("shopId", principal.shopId());
        answer.put("employeeId", principal.employeeId());
        answer.put(
                "name",
                console.employeeNames(principal, List.of(principal.employeeId()))
                        .getOrDefault(principal.employeeId(), ""));
        answer.put("role", principal.role().wireName());
        answer.put("expiresAt", principal.expiresAt());
        answer.put("csrf", session.csrf());
        ctx.json(answer);
    }

    /**
     * A page of the shop's audit ({@link HistoryReader#audit}, the filters of {@code GET /v1/audit}),
     * with the names of the employees it names and of the shop's devices, for the filters too.
     */
    private void audit(Context ctx, Principal principal) {
        AuditFilter filter = HistoryHandlers.auditFilter(ctx, WireVersions.CURRENT);
        HistoryPage page = history.audit(principal, filter, WireVersions.CURRENT);
        Map<String, String> deviceNames = new LinkedHashMap<>();
        Set<String> employees = new HashSet<>();
        for (ShopDevices.DeviceView device : devices.list(principal)) {
            deviceNames.put(device.deviceId(), device.name());
            employees.add(device.signedInBy());
        }
        page.entries().forEach(entry -> employees.add(entry.actorId()));
        employees.add(filter.actorId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", page.entries());
        answer.put("before", page.before());
        answer.put("employees", console.employeeNames(principal, employees));
        answer.put("devices", deviceNames);
        ctx.json(answer);
    }

    /** The devices, with the names of the employees they name, and the server's time. */
    private void devices(Context ctx, Principal principal) {
        List<ShopDevices.DeviceView> list = devices.list(principal);
        Set<String> employees = new HashSet<>();
        for (ShopDevices.DeviceView device : list) {
            employees.add(device.signedInBy());
            employees.add(device.revokedBy());
            if (device.health() != null) {
                employees.add(device.health().actingEmployeeId());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("now", clock.instant());
        answer.put("devices", list);
        answer.put("employees", console.employeeNames(principal, employees));
        ctx.json(answer);
    }
}
