package com.repairsync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.erasure.ErasureService;
import io.javalin.http.Context;

/** {@code POST /v1/records/customers/{id}/erase}: an admin erases a customer. */
final class ErasureHandlers {
    /** The body is {@code {"stepUp": "<token>"}}: a step-up token is a few hundred bytes. */
    private static final int MAX_BODY = 4096;

    private final ErasureService erasures;
    private final Passwords passwords;
    private final Callers callers;
    private final ObjectMapper json;

    ErasureHandlers(ErasureService erasures, Passwords passwords, Callers callers, ObjectMapper json) {
        this.erasures = erasures;
        this.passwords = passwords;
        this.callers = callers;
        this.json = json;
    }

    /**
     * Erases the customer; the body carries the admin's step-up confirmation ({@code POST
     * /v1/auth/step-up}), which must be theirs, for this device.
     */
    void eraseCustomer(Context ctx) {
        Principal principal = callers.principal(ctx);
        String customerId = RequestParams.uuid(ctx, "id");
        boolean confirmed = false;
        if (JsonBody.present(ctx)) {
            JsonNode stepUp = JsonBody.read(ctx, json, MAX_BODY).node().get("stepUp");
            if (stepUp != null && !stepUp.isNull() && !stepUp.isTextual()) {
                throw ApiException.invalid("stepUp", "stepUp must be the token POST /v1/auth/step-up gave");
            }
            confirmed = stepUp != null
                    && stepUp.isTextual()
                    && passwords
                            .stepUpOf(principal, stepUp.textValue())
                            .filter(confirmation -> confirmation.employeeId().equals(principal.employeeId()))
                            .isPresent();
        }
        ctx.json(erasures.eraseCustomer(principal, customerId, confirmed));
    }
}
