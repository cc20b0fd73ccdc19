/** Network faults for tests: a TCP proxy that delays, throttles, cuts, swallows and refuses traffic. */
package com.repairsync.testkit.faults;
