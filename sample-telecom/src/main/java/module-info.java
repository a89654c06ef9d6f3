/** The base-station controller sample, on Loom OTP's public API. */
module io.loomotp.telecom {
    requires io.loomotp.runtime;
    requires io.loomotp.sys;
    requires org.slf4j;
}
