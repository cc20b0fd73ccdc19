package com.repairsync.server.realtime;

import com.repairsync.server.auth.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many realtime sockets each device, login (employee) and shop holds open on this node, with a
 * cap on each. A socket reserves its slot before the upgrade and releases it exactly once when it
 * closes, errs, or its upgrade fails, so neither a race of many opening sockets nor a failed
 * upgrade can pass or leak a cap.
 */
public final class SocketSlots {
    /** Which cap refused a socket; each names the setting that raises it. */
    public enum Cap {
        DEVICE("--max-sockets-per-device", "device"),
        LOGIN("--max-sockets-per-login", "employee"),
        SHOP("--max-sockets-per-shop", "shop");

        private final String flag;
        private final String holder;

        Cap(String flag, String holder) {
            this.flag = flag;
            this.holder = holder;
        }

        /** The server setting that raises this cap. */
        public String flag() {
            return flag;
        }
    }

    /** A socket refused because one of its caps is reached. */
    public static final class CapReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Cap cap;

        CapReached(Cap cap, String id, int limit) {
            super("realtime socket refused: " + cap.holder + " " + id + " already holds " + limit
                    + " open sockets on this server node, the limit (" + cap.flag + ")");
            this.cap = cap;
        }

        public Cap cap() {
            return cap;
        }
    }

    private final int perDevice;
    private final int perLogin;
    private final int perShop;
    private final Map<String, Integer> held = new HashMap<>();

    /** @throws IllegalArgumentException if a cap is not positive */
    public SocketSlots(int perDevice, int perLogin, int perShop) {
        if (perDevice < 1 || perLogin < 1 || perShop < 1) {
            throw new IllegalArgumentException("socket caps must be positive, got " + perDevice + " per device, "
                    + perLogin + " per login and " + perShop + " per shop");
        }
        this.perDevice = perDevice;
        this.perLogin = perLogin;
        this.perShop = perShop;
    }

    /**
     * Reserves a slot for a socket of the principal's device, login and shop.
     *
     * @throws CapReached if one of them holds its cap already; nothing is reserved then
     */
    public Slot reserve(Principal principal) {
        String device = "device/" + principal.shopId() + "/" + principal.deviceId();
        String login = "login/" + principal.shopId() + "/" + principal.employeeId();
        String shop = "shop/" + principal.shopId();
        synchronized (held) {
            check(device, perDevice, Cap.DEVICE, principal.deviceId());
            check(login, perLogin, Cap.LOGIN, principal.employeeId());
            check(shop, perShop, Cap.SHOP, principal.shopId());
            held.merge(device, 1, Integer::sum);
            held.merge(login, 1, Integer::sum);
            held.merge(shop, 1, Integer::sum);
        }
        return new Slot(device, login, shop);
    }

    /** Sockets held by the principal's device, for tests and diagnostics. */
    public int heldByDevice(Principal principal) {
        synchronized (held) {
            return held.getOrDefault("device/" + principal.shopId() + "/" + principal.deviceId(), 0);
        }
    }

    /** Sockets held by a shop on this node. */
    public int heldByShop(String shopId) {
        synchronized (held) {
            return held.getOrDefault("shop/" + shopId, 0);
        }
    }

    private void check(String key, int limit, Cap cap, String id) {
        if (held.getOrDefault(key, 0) >= limit) {
            throw new CapReached(cap, id, limit);
        }
    }

    private void free(String... keys) {
        synchronized (held) {
            for (String key : keys) {
                held.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
            }
        }
    }

    /** One socket's reservation. */
    public final class Slot {
        private final String[] keys;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String... keys) {
            this.keys = keys;
        }

        /** Gives the slot back; only the first call counts. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                free(keys);
            }
        }
    }
}
