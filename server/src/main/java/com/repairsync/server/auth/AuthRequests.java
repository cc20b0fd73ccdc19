package com.repairsync.server.auth;

/** Validated bodies of the auth endpoints. */
public final class AuthRequests {
    private AuthRequests() {}

    /** {@code POST /v1/shops}. */
    public record CreateShop(String shopName, String email, String password, String firstName, String lastName) {}

    /** {@code POST /v1/auth/login}; deviceId is null for a new device. */
    public record Login(String email, String password, String deviceName, String deviceId) {}

    /** Response of {@code POST /v1/shops}. */
    public record ShopCreated(String shopId, String employeeId) {}
}
