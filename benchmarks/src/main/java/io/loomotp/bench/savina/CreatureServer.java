package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.runtime.Process;

/**
 * A chameneos creature as a {@code @Server}: it asks the mall to meet; met, it takes the complement colour, tells the
 * other creature, and asks again; sent home, it tells the mall how many meetings it had.
 */
@Server
public final class CreatureServer {
    private final MallServerRef mall;
    private CreatureServerRef self;
    private int colour;
    private int meetings;

    CreatureServer(MallServerRef mall, int colour) {
        this.mall = mall;
        this.colour = colour;
    }

    @Cast
    void begin() {
        self = CreatureServerRef.of(Process.self());
        mall.meet(colour, self);
    }

    @Cast
    void meetWith(int otherColour, CreatureServerRef other) {
        colour = Chameneos.complement(colour, otherColour);
        meetings++;
        other.change(colour);
        mall.meet(colour, self);
    }

    @Cast
    void change(int newColour) {
        colour = newColour;
        meetings++;
        mall.meet(colour, self);
    }

    @Cast
    void exit() {
        mall.counted(meetings);
    }
}
