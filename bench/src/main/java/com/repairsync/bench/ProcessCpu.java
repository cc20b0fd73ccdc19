package com.repairsync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** The CPU time this JVM's process has used, for the harness and the server child alike. */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU nanoseconds of every thread of this process since it started. */
    public static long nanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
