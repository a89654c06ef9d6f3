package io.loomotp;

/** When a supervisor restarts a child that ended: OTP's restart types. */
public enum Restart {
    /** Always: the default. */
    PERMANENT,
    /** Only if it ended abnormally: not on {@code normal} nor {@code shutdown}. */
    TRANSIENT,
    /** Never; its spec is forgotten when it ends. */
    TEMPORARY
}
