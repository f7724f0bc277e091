using Evaluation.Shared.Consultations;

namespace Evaluation.Tests.Domain;

public class ConsultationRulesTests
{
    private static readonly DateTime Opens = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Closes = new(2026, 3, 31, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-02-28T23:59:59Z", ConsultationPhase.Upcoming)]
    [InlineData("2026-03-01T00:00:00Z", ConsultationPhase.Open)]
    [InlineData("2026-03-31T09:59:59Z", ConsultationPhase.Open)]
    [InlineData("2026-03-31T10:00:00Z", ConsultationPhase.Closed)]
    [InlineData("2027-01-01T00:00:00Z", ConsultationPhase.Closed)]
    public void An_open_consultation_follows_its_window(string now, ConsultationPhase expected)
    {
        var at = DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected, ConsultationRules.PhaseAt("open", Opens, Closes, at));
        Assert.Equal(expected == ConsultationPhase.Open, ConsultationRules.AcceptsOpinions("open", Opens, Closes, at));
    }

    [Fact]
    public void Drafts_and_closed_consultations_take_nothing_even_inside_the_window()
    {
        var inside = Opens.AddDays(1);
        Assert.Equal(ConsultationPhase.Draft, ConsultationRules.PhaseAt("draft", Opens, Closes, inside));
        Assert.Equal(ConsultationPhase.Closed, ConsultationRules.PhaseAt("closed", Opens, Closes, inside));
        Assert.False(ConsultationRules.AcceptsOpinions("draft", Opens, Closes, inside));
        Assert.False(ConsultationRules.AcceptsOpinions("closed", Opens, Closes, inside));
    }
}
