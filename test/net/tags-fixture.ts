/** A service tags file in the published shape (../shared/service-tags/README.md), built here. */
export function tagsFile(values: { name: string; region?: string; prefixes: string[]; features?: string[] }[], changeNumber = 7): string {
  return JSON.stringify(
    {
      changeNumber,
      cloud: 'AzureGovernment',
      values: values.map((v) => ({
        name: v.name,
        id: v.name,
        properties: {
          changeNumber: 1,
          region: v.region ?? '',
          regionId: 0,
          platform: 'Azure',
          systemService: v.name.split('.')[0],
          addressPrefixes: v.prefixes,
          ...(v.features ? { networkFeatures: v.features } : {}),
        },
      })),
    },
    null,
    2,
  );
}
