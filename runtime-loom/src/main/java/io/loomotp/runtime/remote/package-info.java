/**
 * The runtime's hook for distribution: what {@code io.loomotp.cluster} implements ({@link
 * io.loomotp.runtime.remote.Transport}) and calls ({@link io.loomotp.runtime.remote.LocalEnd}). Not an API: the
 * package is exported to {@code io.loomotp.cluster} only (a qualified export), and the runtime never sees a network
 * type. See docs/adr/0009-pid-encoding-and-remote-hook.md.
 */
package io.loomotp.runtime.remote;
