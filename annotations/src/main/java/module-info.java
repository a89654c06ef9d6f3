/** Loom OTP's annotations: {@code @Server}, {@code @StateMachine}, {@code @Supervisor} and the method annotations. */
module io.loomotp.annotations {
    exports io.loomotp;
}
