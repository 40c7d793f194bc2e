import { describe, expect, it } from 'vitest';
import { evaluateString, standardFunctions } from '../../../src/arm/expr/index.js';
import { GUID_NAMESPACE, armGuid, uniqueString, uuidV5 } from '../../../src/arm/functions/hash.js';

const ev = (s: string): unknown => evaluateString(s, { functions: standardFunctions });

/**
 * Values Azure Resource Manager itself returned, as published next to the inputs. Each row names where it
 * was published; none was produced by this implementation.
 */
const UNIQUE_STRING_VECTORS: { args: string[]; expected: string; source: string }[] = [
  {
    args: ['/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201'],
    expected: 'yvjxno3je5on2',
    // The test calls Microsoft's own Azure.Deployments.Expression library ("valueFromArmTemplate").
    source: 'https://github.com/microsoft/commercial-marketplace-offer-deploy test/Tests/ArmFunctionsTests.cs (UniqueStringShouldEqualValueCreatedFromArmTemplate)',
  },
  {
    args: ['/subscriptions/00000000-0000-0000-0000-000000000000', 'resource-id'],
    expected: 'cwvxuqg24sifi',
    source: 'https://github.com/Azure/terraform-provider-azapi internal/services/functions/unique_string_function_test.go (unique-string-valid)',
  },
  {
    args: ['asd', 'asdf', 'asdf'],
    expected: 'iizpqit7ih3cc',
    // Evaluated by Azure.Deployments.Expression inside the Bicep CLI.
    source: 'https://github.com/Azure/bicep src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json (myObject.uniqueString)',
  },
  {
    args: ['tyeth'],
    expected: 'zcztcwvu6iyg6',
    source: 'DevOps Shield AzureNaming.Utilities.Tests TestArmFunctions.Test_Unique_String_Simple (public GitHub test, MIT)',
  },
  {
    args: ['/subscriptions/3c7f956b-55ee-4686-9d30-da1eb631dc59/resourceGroups/rg-devopsshieldek010dev'],
    expected: 'fd63l2gacbtca',
    source: 'DevOps Shield AzureNaming.Utilities.Tests TestArmFunctions.Test_Unique_String_Multiple_Seeds (a resource group id from a deployment)',
  },
];

describe('uniqueString matches values Azure returned', () => {
  it.each(UNIQUE_STRING_VECTORS)('uniqueString($args) = $expected ($source)', ({ args, expected }) => {
    expect(uniqueString(args)).toBe(expected);
    expect(ev(`[uniqueString(${args.map((a) => `'${a}'`).join(', ')})]`)).toBe(expected);
  });

  it('joins arguments with "-" before hashing (Microsoft DSC uniqueString reference: "concatenated with dash (-) separators")', () => {
    expect(uniqueString(['/subscriptions/00000000-0000-0000-0000-000000000000', 'resource-id'])).toBe(
      uniqueString(['/subscriptions/00000000-0000-0000-0000-000000000000-resource-id']),
    );
  });

  it('always returns 13 characters of a-z2-7 (template-functions-string: "The returned value is 13 characters long")', () => {
    for (const s of ['', 'a', 'ab', 'abcdefg', 'abcdefgh', 'abcdefghi', 'ü€𝄞', 'x'.repeat(1000)]) {
      expect(uniqueString([s])).toMatch(/^[a-z2-7]{13}$/);
    }
  });

  it('is case-sensitive', () => {
    expect(uniqueString(['ABC'])).not.toBe(uniqueString(['abc']));
  });

  it('rejects non-string arguments, naming the function', () => {
    expect(() => ev("[uniqueString('a', 1)]")).toThrow(/uniqueString\(\): the second argument must be a string/);
  });
});

describe('guid', () => {
  it.each([
    [['asdf'], '228d27cc-6fdb-5934-b7ac-1efccebade04', 'https://github.com/Azure/bicep src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json (myObject.guid, evaluated by Azure.Deployments.Expression)'],
  ])('guid(%j) = %s (%s)', (args, expected) => {
    expect(armGuid(args)).toBe(expected);
  });

  // RFC 9562 appendix A.4 (UUIDv5 of "www.example.com" in the DNS namespace) and the Python uuid docs
  // example (uuid5(NAMESPACE_DNS, 'python.org')) check the version-5 construction itself.
  it.each([
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2', 'RFC 9562 A.4'],
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d', 'https://docs.python.org/3/library/uuid.html#example'],
  ])('uuidV5(%s, %s) = %s (%s)', (ns, name, expected) => {
    expect(uuidV5(ns, new TextEncoder().encode(name))).toBe(expected);
  });

  it('hashes the arguments joined with "-" in the ARM namespace (template-functions-string#guid remarks: RFC 4122 §4.3)', () => {
    expect(GUID_NAMESPACE).toBe('11fb06fb-712d-4ddd-98c7-e71bbd588830');
    expect(armGuid(['a', 'b'])).toBe(uuidV5(GUID_NAMESPACE, new TextEncoder().encode('a-b')));
    expect(ev("[guid('a', 'b')]")).toBe(armGuid(['a', 'b']));
    expect(armGuid(['a', 'b'])).not.toBe(armGuid(['ab']));
  });

  it('returns 36 characters in GUID form, version 5', () => {
    expect(ev("[guid('x')]")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('rejects non-string arguments, naming the function', () => {
    expect(() => ev('[guid(1)]')).toThrow(/guid\(\): the first argument must be a string/);
  });
});
