using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Tests;

/// <summary>--shard k/n and --shard auto: which slice of a sweep a job runs, from the environment of the runner
/// that started it.</summary>
public class ShardTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("0", "3", 1)]
    [InlineData("2", "3", 3)]
    public void A_Kubernetes_indexed_job_runs_the_shard_of_its_completion_index(string index, string completions, int k)
    {
        var shard = Shard.Parse("auto", Env(("JOB_COMPLETION_INDEX", index), ("JOB_COMPLETIONS", completions)));
        Assert.Equal(new Shard(k, 3), shard);
    }

    [Fact]
    public void A_Slurm_array_task_runs_its_shard_counted_from_the_array_minimum()
    {
        Assert.Equal(new Shard(1, 3), Shard.Parse("auto", Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3"))));
        // --array=4-6: tasks 4, 5, 6 are shards 1, 2, 3.
        Assert.Equal(new Shard(2, 3), Shard.Parse("auto", Env(("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "4"))));
    }

    [Fact]
    public void A_CI_matrix_names_its_shard_in_STALLSIM_SHARD_which_wins_over_the_others()
    {
        var shard = Shard.Parse("auto", Env(("STALLSIM_SHARD", "2/4"), ("JOB_COMPLETION_INDEX", "0"), ("JOB_COMPLETIONS", "3")));
        Assert.Equal(new Shard(2, 4), shard);
    }

    [Fact]
    public void Without_any_of_its_variables_auto_names_every_variable_it_looked_for()
    {
        var e = Assert.Throws<InputException>(() => Shard.Parse("auto", Env()));
        foreach (var name in new[] { "STALLSIM_SHARD", "JOB_COMPLETION_INDEX", "JOB_COMPLETIONS", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT" })
            Assert.Contains(name, e.Message);
    }

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX", "3", "JOB_COMPLETIONS", "3")]     // one past the last
    [InlineData("JOB_COMPLETION_INDEX", "x", "JOB_COMPLETIONS", "3")]
    [InlineData("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "0")]
    public void An_index_outside_the_count_is_refused(string indexName, string index, string countName, string count)
    {
        var e = Assert.Throws<InputException>(() => Shard.Parse("auto", Env((indexName, index), (countName, count))));
        Assert.Contains(indexName, e.Message);
    }

    [Fact]
    public void An_index_without_its_count_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Shard.Parse("auto", Env(("JOB_COMPLETION_INDEX", "1"))));
        Assert.Contains("JOB_COMPLETIONS", e.Message);
    }

    [Fact]
    public void The_shards_of_a_sweep_cover_every_point_once()
    {
        var points = Enumerable.Range(0, 10).Select(i => new SweepPoint(i, [])).ToList();
        var shards = Enumerable.Range(1, 3).Select(k => new Shard(k, 3)).ToList();
        Assert.All(points, p => Assert.Single(shards, s => s.Contains(p)));
    }
}
