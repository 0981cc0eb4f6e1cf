export { sampleSite, SAMPLE_TODAY, SAMPLE_SEED, SAMPLE_FIELDS, ESTIMATE_PROPERTY, STATUSES, ISSUE_TYPES, LINK_TYPES, FIELDS } from './sample-site';
export type { SampleSiteOptions } from './sample-site';
export type {
  SampleSite, SampleIssue, SampleLink, SampleSprint, SampleBoard, SampleField, SampleStatus, SampleIssueType, SampleLinkType,
  SampleUser, SampleTeam, SampleProject, SampleHistory, SampleChangeItem, SampleTimeTracking, EstimateProperty, StatusCategoryKey,
} from './sample-site-types';
