package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;

/**
 * {@code GET /api/v1/events}: server-sent events, one {@code result} event per stored result (new, or completed with
 * its image), carrying the same JSON as {@code GET /results/{id}}. A comment line every 15 s keeps proxies from
 * closing an idle stream and detects clients that went away.
 */
final class LiveEvents {
    private static final long HEARTBEAT_SECONDS = 15;
    private final Set<AsyncContext> clients = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json;
    /** Writes to the clients, one event after the other, in order. */
    private final ScheduledExecutorService writer;

    LiveEvents(ObjectMapper json) {
        this.json = json;
        writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "clipfusion-sse"));
        writer.scheduleAtFixedRate(() -> send(": keep-alive\n\n"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    void subscribe(ApiCall call) throws IOException {
        call.response.setStatus(200);
        call.response.setContentType("text/event-stream");
        call.response.setCharacterEncoding("UTF-8");
        call.response.setHeader("Cache-Control", "no-store");
        call.response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = call.request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = call.response.getOutputStream();
        out.write("retry: 2000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        clients.add(async);
    }

    void publish(StoredResult result) {
        try {
            String data = json.writeValueAsString(InspectionEndpoints.view(result));
            String event = "event: result\nid: " + result.requestId().replaceAll("[\\r\\n]", "") + "\ndata: " + data
                    + "\n\n";
            // on the stream's own thread: a slow or stuck browser must never hold up an inspection's answer
            writer.execute(() -> send(event));
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            // a record that cannot be written (or a stream being closed) is not sent; the result itself stands
        }
    }

    int clientCount() {
        return clients.size();
    }

    private void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (AsyncContext client : clients) {
            synchronized (client) {
                try {
                    ServletOutputStream out = client.getResponse().getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    clients.remove(client);
                    try {
                        client.complete();
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                }
            }
        }
    }

    void close() {
        writer.shutdownNow();
        for (AsyncContext client : clients) {
            try {
                client.complete();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        clients.clear();
    }
}
