package com.repairsync.bench.scenario;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.FileUpload;

/**
 * A device's transport whose file lane can be paused: while the {@link Lever} is paused, the upload
 * calls wait at the transport before anything is sent, and records still sync. The attachments
 * scenario attaches its photos so, then times the uploads from the moment it resumes the lane
 * (holding the calls, rather than failing them as an unreachable server would, keeps the SDK's
 * retry timers out of the figure).
 */
final class FileLanePause extends ForwardingSyncTransport {
    /** Whether upload calls go through; shared with the scenario. */
    static final class Lever {
        private boolean paused;

        synchronized void pause() {
            paused = true;
        }

        synchronized void resume() {
            paused = false;
            notifyAll();
        }

        private synchronized void awaitResumed() {
            try {
                while (paused) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the device is closing
                throw new OfflineException("bench: closed while the file lane was paused", e);
            }
        }
    }

    private final Lever lever;

    FileLanePause(SyncTransport delegate, Lever lever) {
        super(delegate);
        this.lever = lever;
    }

    @Override
    public FileUpload beginUpload(String hash, long size) {
        lever.awaitResumed();
        return super.beginUpload(hash, size);
    }

    @Override
    public FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        lever.awaitResumed();
        return super.uploadChunk(hash, index, bytes, chunkSha256);
    }
}
