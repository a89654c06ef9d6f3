/**
 * Loom OTP's operator tools: the sys facade, tracing, introspection, JMX, the attach CLI and JFR events. Empty until
 * the tracing-sys issue fills it; the runtime's own sys protocol is {@code io.loomotp.runtime.sys.SysProtocol}.
 */
module io.loomotp.sys {
    requires transitive io.loomotp.runtime;
}
