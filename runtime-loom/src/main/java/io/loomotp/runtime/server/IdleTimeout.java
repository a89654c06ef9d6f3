package io.loomotp.runtime.server;

/**
 * The message a server gets when no message arrived within its idle timeout: OTP's {@code handle_info(timeout, S)}.
 * Handle it with {@code @Info void timeout(IdleTimeout t)}.
 */
public enum IdleTimeout {
    INSTANCE;

    @Override
    public String toString() {
        return "timeout";
    }
}
