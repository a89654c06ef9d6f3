package io.loomotp.runtime;

/**
 * What one node has exchanged with another node of its cluster since it first connected to it, as its
 * {@link ClusterNodes#traffic} reports it: frames (each message, signal, call or reply one frame) and their bytes on
 * the wire, in each direction. Counted by the node's name, across the other node's restarts, so the counts never go
 * down; the cluster's own handshake frames are not counted.
 *
 * @param framesOut frames sent to the node
 * @param bytesOut their bytes
 * @param framesIn frames received from it
 * @param bytesIn their bytes
 */
public record NodeTraffic(long framesOut, long bytesOut, long framesIn, long bytesIn) {}
