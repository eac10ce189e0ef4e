package org.clipfusion.sinks.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;

/** A sink that records the request ids it got and can be switched to fail, like a consumer going down. */
class RecordingSink implements ResultSink {
    private final String id;
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();

    RecordingSink(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(DetectionResult result) throws Exception {
        attemptTimes.add(System.nanoTime());
        if (down.get()) {
            throw new java.net.ConnectException("consumer '" + id + "' is down");
        }
        received.add(result.requestId());
    }
}
