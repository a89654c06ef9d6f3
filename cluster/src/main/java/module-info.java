module io.loomotp.cluster {
    requires io.loomotp.runtime;
    requires org.slf4j;
    requires org.jgroups;
    requires com.esotericsoftware.kryo;
    exports io.loomotp.cluster;
}
