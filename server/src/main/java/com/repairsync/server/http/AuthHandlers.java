package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.ApiException;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.AuthRequests;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.SignUpLimit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Handlers of shop sign-up, login, refresh, logout, step-up and password changes. */
final class AuthHandlers {
    private final ServerConfig config;
    private final ObjectMapper json;
    private final AuthService auth;
    private final Passwords passwords;
    private final SignUpLimit signUps;
    private final Callers callers;

    AuthHandlers(
            ServerConfig config,
            ObjectMapper json,
            AuthService auth,
            Passwords passwords,
            SignUpLimit signUps,
            Callers callers) {
        this.config = config;
        this.json = json;
        this.auth = auth;
        this.passwords = passwords;
        this.signUps = signUps;
        this.callers = callers;
    }

    void createShop(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        AuthRequests.CreateShop request = new AuthRequests.CreateShop(
                body.text("shopName", 100),
                body.email("email"),
                body.password("password"),
                body.text("firstName", 100),
                body.optionalText("lastName", 100));
        signUps.tryAcquire(callers.clientAddress(ctx)).ifPresent(wait -> {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    429,
                    null,
                    "too many shop sign-ups from this address (" + config.shopsPerAddress() + " per hour); retry later",
                    wait);
        });
        ctx.status(HttpStatus.CREATED).json(auth.createShop(request));
    }

    void login(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        AuthRequests.Login request = new AuthRequests.Login(
                body.email("email"),
                body.secret("password"),
                body.text("deviceName", 100),
                body.optionalUuid("deviceId"));
        ctx.json(auth.login(request, callers.clientAddress(ctx)));
    }

    void refresh(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        ctx.json(auth.refresh(body.text("refreshToken", 200)));
    }

    void logout(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        auth.logout(body.text("refreshToken", 200));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    void setPassword(Context ctx) {
        Principal principal = callers.principal(ctx);
        String employeeId = com.repairsync.protocol.schema.FieldSpec.canonicalUuid(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.invalid("id", "employee id in the path must be a UUID"));
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        String password = body.password("password");
        String currentPassword = body.node().has("currentPassword") ? body.secret("currentPassword") : null;
        passwords
                .setPassword(principal, employeeId, password, currentPassword, callers.clientAddress(ctx))
                .ifPresentOrElse(ctx::json, () -> ctx.status(HttpStatus.NO_CONTENT));
    }

    void stepUp(Context ctx) {
        Principal principal = callers.principal(ctx);
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        ctx.json(passwords.stepUp(
                principal, body.optionalUuid("employeeId"), body.secret("password"), callers.clientAddress(ctx)));
    }
}
