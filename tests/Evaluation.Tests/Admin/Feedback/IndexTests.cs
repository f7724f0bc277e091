using System.Net;
using Evaluation.Shared.Feedback;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Evaluation.Tests.Admin.Feedback;

/// <summary>Admin on a set clock, with "many opinions" at 5 in 30 days.</summary>
public sealed class FeedbackFixture : ClockedSitesFixture
{
    protected override void ConfigureAdmin(IWebHostBuilder builder)
    {
        base.ConfigureAdmin(builder);
        builder.UseSetting("Triggers:MinimumOpinions", "5");
        builder.UseSetting("Triggers:WindowDays", "30");
    }
}

/// <summary>跟踪反馈: monthly figures, the rise flag and the Art. 12(1) trigger counting feedback, within the scope.</summary>
public class IndexTests(FeedbackFixture sites) : IClassFixture<FeedbackFixture>
{
    internal const string JusticeBureau = "任丘市司法局";
    private const string Education = "任丘市教育局";

    /// <summary>10:00 on 15 June 2026 in China.</summary>
    internal static readonly DateTimeOffset Morning = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    private Task<long> StandingAsync(long decision) => StandingAsync(sites, decision);

    internal static async Task<long> StandingAsync(SitesFixture sites, long decision)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.EnsureStandingConsultationAsync(tx, decision);
        await tx.CommitAsync();
        return id!.Value;
    }

    internal static DateTimeOffset[] Times(DateTimeOffset at, int count) => Enumerable.Repeat(at, count).ToArray();


    [Fact]
    public async Task A_rise_well_above_the_recent_level_is_flagged_and_fades_as_the_clock_moves()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("近期反馈增多的停车规定", JusticeBureau, null);
        var steady = await sites.DataSource.DecisionValidUntilAsync("反馈平稳的决策", JusticeBureau, null);
        var rising = await StandingAsync(decision);
        var level = await StandingAsync(steady);
        // Baseline: 2 a period for six periods; then 6 in the last 30 days (3 times the level) ...
        for (var p = 1; p <= FeedbackRise.BaselinePeriods; p++)
            await sites.DataSource.OpinionsAsync(rising, Times(Morning.AddDays(-30 * p - 5), 2));
        await sites.DataSource.OpinionsAsync(rising, Times(Morning.AddDays(-3), 6));
        // ... while the other has 5 a period and 6 now: no rise.
        for (var p = 1; p <= FeedbackRise.BaselinePeriods; p++)
            await sites.DataSource.OpinionsAsync(level, Times(Morning.AddDays(-30 * p - 5), 5));
        await sites.DataSource.OpinionsAsync(level, Times(Morning.AddDays(-3), 6));

        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        var list = await client.GetHtmlAsync("/Feedback");
        Assert.Contains(Texts.Get("Feedback.RiseFlag"), list.Text($"#feedback-{decision}"));
        Assert.DoesNotContain(Texts.Get("Feedback.RiseFlag"), list.Text($"#feedback-{steady}"));
        Assert.Contains(Texts.Get("Feedback.RiseFlag"), (await client.GetHtmlAsync($"/Feedback/Details/{decision}")).Text("#rise"));

        // A month later the burst is part of the baseline.
        sites.AdminClock.Set(Morning.AddDays(31));
        client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        list = await client.GetHtmlAsync("/Feedback");
        Assert.DoesNotContain(Texts.Get("Feedback.RiseFlag"), list.Text($"#feedback-{decision}"));
    }

    [Fact]
    public async Task Feedback_counts_towards_the_many_opinions_trigger()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("反馈较多的决策", JusticeBureau, null);
        var standing = await StandingAsync(decision);
        await sites.DataSource.OpinionsAsync(standing, Times(Morning.AddDays(-2), 5));

        var client = await sites.SignedInAsync("organizer", "任丘市人民政府办公室");
        var page = await client.GetHtmlAsync("/Reminders");
        Assert.NotNull(page.QuerySelector($"#due-{decision} .cause.opinions"));
    }

    [Fact]
    public async Task Another_departments_feedback_is_not_found()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("教育局收到反馈的决策", Education, null);
        await sites.DataSource.OpinionsAsync(await StandingAsync(decision), Times(Morning.AddDays(-1), 1));

        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Feedback/Details/{decision}")).StatusCode);
        Assert.Null((await client.GetHtmlAsync("/Feedback")).QuerySelector($"#feedback-{decision}"));
        var education = await sites.SignedInAsync("evaluation_staff", Education);
        Assert.NotNull((await education.GetHtmlAsync("/Feedback")).QuerySelector($"#feedback-{decision}"));
    }
}
