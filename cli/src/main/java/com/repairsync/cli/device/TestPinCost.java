package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.PinCost;
import java.util.Map;

/**
 * The PIN hash cost for tests only: {@code REPAIRSYNC_TEST_ONLY_PIN_COST=memoryKib,iterations,
 * parallelism} (such as {@code 64,1,1}) makes the command's device hash new PINs that cheaply, so
 * tests that run the real jar do not spend a second per hash. A shop never sets it: PINs hashed
 * below the policy fall to an offline guesser in seconds, and the device says so on stderr each
 * time it hashes one.
 */
public final class TestPinCost {
    /** The variable's name. */
    public static final String VARIABLE = "REPAIRSYNC_TEST_ONLY_PIN_COST";

    private TestPinCost() {}

    /** The options with the variable's cost if it is set, else unchanged (the policy's cost). */
    public static DeviceOptions apply(DeviceOptions options) {
        return apply(options, System.getenv());
    }

    static DeviceOptions apply(DeviceOptions options, Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return options;
        }
        String[] parts = value.strip().split(",");
        if (parts.length != 3) {
            throw CliException.usage(
                    VARIABLE + ": expected memoryKib,iterations,parallelism (such as 64,1,1), got '" + value + "'");
        }
        try {
            return options.withPinCost(new PinCost(
                    Integer.parseInt(parts[0].strip()),
                    Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip())));
        } catch (NumberFormatException e) {
            throw CliException.usage(VARIABLE + ": expected three whole numbers, got '" + value + "'");
        } catch (IllegalArgumentException e) {
            throw CliException.usage(VARIABLE + ": " + e.getMessage());
        }
    }
}
