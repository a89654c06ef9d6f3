package io.loomotp.runtime;

import io.loomotp.runtime.internal.Requests;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One asynchronous request in flight: OTP's request id, as {@code gen_server:send_request/2} returns it. Made by
 * {@code GenServer.sendRequest} and {@code GenStatem.sendRequest}; its {@link Response} comes to the mailbox of the
 * process that sent it, which takes it with {@code receiveResponse} or {@code waitResponse}, or receives it as any
 * other message and recognizes it with {@code checkResponse}.
 *
 * <p>Ids are unique within a JVM and compare by identity. Only the process that sent a request receives its response.
 */
public final class RequestId {
    private static final AtomicLong NEXT = new AtomicLong();

    static {
        Requests.access(RequestId::new, id -> id.handle);
    }

    private final long number;
    private final Pid server;
    private final Object request;
    private final Object handle;

    private RequestId(Pid server, Object request, Object handle) {
        this.number = NEXT.incrementAndGet();
        this.server = server;
        this.request = request;
        this.handle = handle;
    }

    /** The process the request was sent to. */
    public Pid server() {
        return server;
    }

    /** The request, as sent. */
    public Object request() {
        return request;
    }

    @Override
    public String toString() {
        return "#ReqId<" + number + ">";
    }
}
