return StallSim.Simulator.Cli.StallSimCli.Run(args);
