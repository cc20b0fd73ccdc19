package com.repairsync.server.testing;

import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A shop created on a {@link TestServer}, with its admin's credentials. */
public record Shop(TestServer server, String shopId, String adminId, String adminEmail) {

    /** The admin signed in on a new device. */
    public Device adminDevice(String name) {
        return server.login(adminEmail, TestServer.PASSWORD, name);
    }

    /** An employee created through sync who can sign in with {@link TestServer#PASSWORD}. */
    public record Employee(String id, String email) {}

    /** Creates an employee through sync (as the admin on the given device) and gives them a password. */
    public Employee createEmployee(Device admin, String role, String name) {
        String employeeId = UUID.randomUUID().toString();
        String email = role + "-" + employeeId.substring(0, 8) + "@shop.test";
        admin.pushOk(List.of(Mutations.upsert("employees", employeeId)
                .field("firstName", name)
                .field("email", email)
                .field("role", role)
                .field("hourlyRateCents", 2500)
                .field("pinHash", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA")));
        JsonHttp.Response set = server.http()
                .put(
                        "/v1/employees/" + employeeId + "/password",
                        Map.of("password", TestServer.PASSWORD),
                        admin.accessToken());
        if (set.status() != 204) {
            throw new AssertionError("setting password failed: " + set);
        }
        return new Employee(employeeId, email);
    }

    /** Creates an employee through sync, gives them a password, and signs them in on a new device. */
    public Device employeeDevice(Device admin, String role, String name) {
        return server.login(createEmployee(admin, role, name).email(), TestServer.PASSWORD, name + "'s tablet");
    }
}
