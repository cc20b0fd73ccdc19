package com.repairsync.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Response of login and refresh: the token pair and who it is for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionTokens(
        String accessToken,
        String refreshToken,
        long expiresIn,
        String tokenType,
        String shopId,
        String employeeId,
        String role,
        String deviceId) {}
