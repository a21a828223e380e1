using StallSim.PoolModel.Go;

namespace StallSim.Simulator.Margins;

/// <summary>What the shipped profile measured, set beside a boundary: its walk tables, and the range of each cost it
/// measured repeatedly (<see cref="Scenarios.ProfileSpread"/>).</summary>
public sealed record Calibration(ScanCost Warm, ScanCost Cold, ScanCost? Heap, IReadOnlyDictionary<string, (long Low, long High)> Spread);
