package io.loomotp.runtime.sys;

import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Map;

/**
 * What {@code sys:get_status} answers: who the process is, what it runs, and its state, formatted by its behaviour.
 *
 * @param pid the process
 * @param name its registered name, or null
 * @param behaviour {@code gen_server}, {@code gen_statem}, {@code supervisor} or {@code gen_event}
 * @param module the user's class
 * @param status {@code running} or {@code suspended}
 * @param parent the process that started it linked, or the process itself if none did
 * @param debug the debug options switched on, such as {@code trace}, {@code log(10)}, {@code statistics}
 * @param state the state, as its formatter renders it
 * @param extra what else the behaviour shows, such as a state machine's pending timeouts and postponed events
 */
public record SysStatus(Pid pid, String name, String behaviour, String module, String status, Pid parent,
                        List<String> debug, String state, Map<String, String> extra) {}
