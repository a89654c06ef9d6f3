package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.jgroups.JChannel;

/**
 * The JGroups protocol stack a node runs, written from a {@link ClusterConfig}: TCP with TCPPING discovery (no
 * multicast needed), MERGE3, failure detection by closed sockets (FD_SOCK2, which sees a killed process at once) and by
 * heartbeats (FD_ALL3, for a hung or unreachable one) confirmed by VERIFY_SUSPECT2, optional ASYM_ENCRYPT, reliable
 * ordered delivery (NAKACK2, UNICAST3), AUTH with the shared secret, GMS, flow control and fragmentation.
 *
 * <p>Detection (docs/distribution.md, "Failure detection"): heartbeats every eighth of the failure timeout, a member
 * silent for seven eighths of it suspected, and VERIFY_SUSPECT2 given an eighth to confirm. VERIFY_SUSPECT2 looks at
 * its suspects once per its own timeout, so it takes up to twice that: with a quarter, a hung node was lost after up
 * to 1.5 times the failure timeout (2.86-3.02 s at the default 2 s); now within about 1.25 times it (2.18-2.36 s).
 *
 * <p>Discovery (docs/distribution.md, "Joining"): every member answers a discovery request with its whole address
 * cache, each member marked coordinator or not ({@code return_entire_cache}), so that a node whose initial hosts leave
 * out the current coordinator learns who it is and where from any member it reaches, and joins it instead of starting
 * a cluster of its own; and the coordinator sends its cache to every member when one joins
 * ({@code send_cache_on_join}), so that every member knows a new member's physical address before its first frame.
 * A JOIN waits for its view up to {@code join_timeout} (1 s, or half the failure timeout if longer) and is sent three
 * times before GMS gives up and starts the node alone: at 500 ms, a coordinator slowed by a loaded machine let joiners
 * time out three times and start as clusters of one, merged seconds later; at JGroups' default of 2 s, RejoinTest's
 * restart of a killed coordinator took 4.8 s instead of 0.8-1 s (most likely its first JOIN went to its old
 * incarnation, still named coordinator in the answers, and waited out the timeout; not traced).
 *
 * <p>Latency (docs/adr/0017-remote-latency.md): each connection's reader is a platform thread that blocks in the
 * socket read and hands each ordinary frame up the stack itself ({@code message_processing_policy="direct"}), so a
 * frame reaches its process's mailbox with one thread wake-up, not three (the virtual-thread poller, the reader's
 * carrier, then a thread-pool task); no JGroups bundler, no Nagle, so a message leaves at once (frames are batched
 * above JGroups instead, by {@link Lane}, docs/adr/0023-combining-writer.md). The reader is therefore the delivery
 * thread: {@link Endpoint} keeps it from ever blocking (a {@code BLOCK}-bounded mailbox is fed from a backlog thread,
 * frames it sends are written by a lane's writer thread). Its socket comes from {@link PollingSockets}: when it finds
 * nothing more to read it polls a short while before it blocks, saving a wake-up per frame of a call's round trip
 * (docs/adr/0025-polling-reader.md); {@link #channel} sets that factory on the transport, which the XML cannot name.
 */
final class Stack {
    private Stack() {}

    /**
     * A channel running {@link #xml}'s stack, its transport's sockets from {@link PollingSockets} unless polling is
     * off ({@code -Dloomotp.cluster.readPollMicros=0}).
     */
    static JChannel channel(ClusterConfig c) throws Exception {
        JChannel channel = new JChannel(new ByteArrayInputStream(xml(c).getBytes(StandardCharsets.UTF_8)));
        if (PollingSockets.POLL_NANOS > 0) {
            channel.getProtocolStack().getTransport().setSocketFactory(PollingSockets.factory());
        }
        return channel;
    }

    private static String xml(ClusterConfig c) {
        long timeout = c.failureTimeout().toMillis();
        long interval = Math.max(10, timeout / 8);
        long silence = timeout - interval;
        long verify = Math.max(50, timeout / 8);
        StringBuilder hosts = new StringBuilder();
        for (String hp : c.initialMembers()) {
            int colon = hp.lastIndexOf(':');
            if (!hosts.isEmpty()) {
                hosts.append(',');
            }
            hosts.append(hp, 0, colon).append('[').append(hp.substring(colon + 1)).append(']');
        }
        if (hosts.isEmpty()) {
            hosts.append(c.bindAddress()).append('[').append(c.bindPort()).append(']');
        }
        return """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="%s" bind_port="%d" port_range="0" diag.enabled="false" tcp_nodelay="true" bundler_type="no-bundler"
                       use_virtual_threads="false" message_processing_policy="direct"/>
                  <TCPPING initial_hosts="%s" port_range="0" return_entire_cache="true" send_cache_on_join="true"/>
                  <MERGE3 min_interval="%d" max_interval="%d"/>
                  <FD_SOCK2 bind_addr="%s" offset="%d" port_range="%d"/>
                  <FD_ALL3 timeout="%d" interval="%d"/>
                  <VERIFY_SUSPECT2 timeout="%d"/>
                  %s
                  <pbcast.NAKACK2 use_mcast_xmit="false"/>
                  <UNICAST3/>
                  <pbcast.STABLE/>
                  <AUTH auth_class="%s"/>
                  <pbcast.GMS print_local_addr="false" join_timeout="%d" max_join_attempts="3"/>
                  <UFC/>
                  <MFC/>
                  <FRAG4/>
                </config>
                """.formatted(c.bindAddress(), c.bindPort(), hosts, Math.max(1000, timeout), Math.max(3000, timeout * 2),
                c.bindAddress(), c.failureDetectorOffset(), c.failureDetectorPortRange(), silence, interval, verify,
                c.encrypt() ? "<ASYM_ENCRYPT/>" : "", SecretToken.class.getName(), Math.max(1000, timeout / 2));
    }
}
