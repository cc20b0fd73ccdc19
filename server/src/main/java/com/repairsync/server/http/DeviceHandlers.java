package com.repairsync.server.http;

import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.ShopDevices;
import io.javalin.http.Context;
import java.util.Map;

/** Handlers of the shop's device list and of revoking a device. */
final class DeviceHandlers {
    private final ShopDevices devices;
    private final Callers callers;

    DeviceHandlers(ShopDevices devices, Callers callers) {
        this.devices = devices;
        this.callers = callers;
    }

    void list(Context ctx) {
        ctx.json(Map.of("devices", devices.list(callers.principal(ctx))));
    }

    void revokeDevice(Context ctx) {
        Principal principal = callers.principal(ctx);
        String deviceId = com.repairsync.protocol.schema.FieldSpec.canonicalUuid(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.invalid("id", "device id in the path must be a UUID"));
        ctx.json(devices.revoke(principal, deviceId));
    }
}
