namespace StallSim.PoolModel; internal static class Placeholder { }
