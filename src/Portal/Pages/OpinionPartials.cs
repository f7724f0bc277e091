using Evaluation.Portal.Pages.Consultations;
using Evaluation.Shared.Respondents;

namespace Evaluation.Portal.Pages;

/// <summary>What the opinion form partial (_OpinionForm) shows: what was typed, and the regions to choose from.</summary>
public sealed record OpinionFormFields(DetailsModel.OpinionForm Input, IReadOnlyList<Region> Regions);

/// <summary>What the notices above the form (_OpinionNotices) show: the refusal, if any, and the text to give back.</summary>
public sealed record OpinionNotices(string? Refused, string? Body);

/// <summary>A decision's facts as the public reads them (_DecisionFacts).</summary>
public sealed record DecisionFacts(string Title, string? DocumentNumber, string Kind, string IssuingBody, DateOnly IssuedOn,
    DateOnly EffectiveOn, DateOnly? ValidUntil, string SummaryMd, string FullText);
