package io.loomotp.cluster;

import io.loomotp.runtime.Pid;

/**
 * The message a process gets when it lost a global name in a clash: OTP's {@code {global_name_conflict, Name}}
 * ({@link NameResolver#RANDOM_NOTIFY_NAME}, {@code other} null) or {@code {global_name_conflict, Name, OtherPid}}
 * ({@link NameResolver#NOTIFY_ALL_NAME}).
 */
public record GlobalNameConflict(String name, Pid other) {}
