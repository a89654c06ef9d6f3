/**
 * Special processes: plain processes, written by hand as a receive loop, that are still good OTP citizens. This is
 * the package of OTP's {@code proc_lib} and of the part of {@code sys} a special process calls (chapter 10 of
 * <i>Designing for Scalability with Erlang/OTP</i>).
 *
 * <ul>
 *   <li>{@link io.loomotp.runtime.proc.ProcLib}: start synchronously ({@code proc_lib:start_link/3}), acknowledge
 *       ({@code proc_lib:init_ack/1}), and know the parent; a {@code ProcLib.startLink} call is a valid supervisor
 *       child start;
 *   <li>{@link io.loomotp.runtime.proc.SysDebug}: the debug value threaded through the loop
 *       ({@code sys:debug_options/1}), the process's own trace events ({@code sys:handle_debug/4}), and the answer
 *       to a system message ({@code sys:handle_system_msg/6});
 *   <li>{@link io.loomotp.runtime.proc.SystemCallbacks}: what the process tells sys about itself
 *       ({@code system_get_state/1}, {@code system_replace_state/2}, {@code system_terminate/4},
 *       {@code format_status/2}).
 * </ul>
 *
 * <p>The behaviours of this runtime answer system messages through the same machinery, so every {@code SysCalls}
 * or {@code Sys} call works on a special process exactly as on a server. See {@code docs/reference/special-processes.md}.
 */
package io.loomotp.runtime.proc;
