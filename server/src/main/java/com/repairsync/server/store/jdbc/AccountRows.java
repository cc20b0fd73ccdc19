package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.Role;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.LoginCandidate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What signing in reads and writes of employees: their rows, sign-in e-mails, password hashes and session generations. */
final class AccountRows {
    private final JdbcTransaction tx;

    AccountRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    Optional<EmployeeRow> findEmployee(String shopId, String employeeId) {
        tx.enter(shopId);
        return tx.queryOne(
                "find employee",
                "SELECT shop_id, id, role, active, email FROM employees WHERE shop_id = ? AND id = ? AND NOT deleted",
                AccountRows::employee,
                shopId,
                employeeId);
    }

    private static EmployeeRow employee(ResultSet row) throws SQLException {
        return new EmployeeRow(
                row.getString("shop_id"),
                row.getString("id"),
                Role.fromWire(row.getString("role")).orElseThrow(),
                row.getBoolean("active"),
                row.getString("email"));
    }

    List<LoginCandidate> loginCandidates(String email) {
        return tx.query(
                "find login",
                tx.dialect().loginCandidatesSql(),
                row -> new LoginCandidate(
                        row.getString(1),
                        row.getString(2),
                        Role.fromWire(row.getString(3)).orElseThrow(),
                        row.getBoolean(4),
                        row.getString(5)),
                email);
    }

    boolean claimSignInEmail(String email, String shopId, String employeeId, Instant now) {
        tx.enter(shopId);
        return tx.update(
                        "claim sign-in e-mail",
                        "INSERT INTO sign_in_emails (email, shop_id, employee_id, created_at) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (email) DO NOTHING",
                        email.toLowerCase(java.util.Locale.ROOT),
                        shopId,
                        employeeId,
                        now)
                == 1;
    }

    boolean holdsSignInEmail(String email, String shopId, String employeeId) {
        tx.enter(shopId);
        return tx.queryOne(
                        "read sign-in e-mail",
                        "SELECT 1 FROM sign_in_emails WHERE email = ? AND shop_id = ? AND employee_id = ?",
                        row -> true,
                        email.toLowerCase(java.util.Locale.ROOT),
                        shopId,
                        employeeId)
                .isPresent();
    }

    void savePasswordHash(String shopId, String employeeId, String passwordHash, Instant now) {
        tx.enter(shopId);
        tx.update(
                "save password",
                "INSERT INTO employee_credentials (shop_id, employee_id, password_hash, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (shop_id, employee_id) DO UPDATE SET password_hash = excluded.password_hash,"
                        + " updated_at = excluded.updated_at",
                shopId,
                employeeId,
                passwordHash,
                now);
    }

    Optional<String> passwordHash(String shopId, String employeeId) {
        tx.enter(shopId);
        return tx.queryOne(
                "read password",
                "SELECT password_hash FROM employee_credentials WHERE shop_id = ? AND employee_id = ?",
                row -> row.getString(1),
                shopId,
                employeeId);
    }

    OptionalLong sessionGeneration(String shopId, String employeeId) {
        tx.enter(shopId);
        return tx.queryOne(
                        "read session generation",
                        "SELECT session_generation FROM employee_credentials WHERE shop_id = ? AND employee_id = ?",
                        row -> row.getLong(1),
                        shopId,
                        employeeId)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    void bumpSessionGeneration(String shopId, String employeeId) {
        tx.enter(shopId);
        tx.update(
                "end employee sign-ins",
                "UPDATE employee_credentials SET session_generation = session_generation + 1"
                        + " WHERE shop_id = ? AND employee_id = ?",
                shopId,
                employeeId);
    }
}
