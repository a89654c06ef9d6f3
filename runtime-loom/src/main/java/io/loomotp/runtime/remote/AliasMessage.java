package io.loomotp.runtime.remote;

import io.loomotp.runtime.MonitorRef;

/**
 * A message sent to an alias whose owner is on another node: sent to the owner's pid, unwrapped on arrival, and
 * delivered only if the alias is still active there (docs/reference/from-erlang.md, aliases).
 */
public record AliasMessage(MonitorRef ref, Object message) {}
