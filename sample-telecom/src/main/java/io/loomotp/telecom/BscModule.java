package io.loomotp.telecom;

import dagger.Module;
import dagger.Provides;

/** How Dagger makes what the generated supervisors cannot make by themselves. */
@Module
public final class BscModule {
    private BscModule() {}

    /** The overload manager is an event manager, started by a function rather than from a client. */
    @Provides
    static BscSupervisor.FreqOverloadStart freqOverload(BscConfig config) {
        return () -> FreqOverload.startLink(config.overloadLog());
    }

    /**
     * The phone controllers of one phones supervisor share one HLR table, made fresh with the supervisor: Dagger
     * calls this each time the {@code bsc} supervisor starts (or restarts) its {@code phones} child.
     */
    @Provides
    static PhonesSupervisor.PhoneFactory phones(BscConfig config, HlrHolder holder, CallAdmission admission) {
        Hlr hlr = holder.fresh();
        return number -> new PhoneController(number, hlr, config.answerTimeout(), admission);
    }
}
