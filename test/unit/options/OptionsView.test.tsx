import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { OptionsView, type OptionsActions, type OptionsState } from '@/components/options/OptionsView';

function setup(overrides: Partial<OptionsState> = {}) {
  const actions: OptionsActions = {
    importProfile: vi.fn(),
    exportProfile: vi.fn(),
    saveAddresses: vi.fn(),
    allowAccess: vi.fn(),
    saveManualMe: vi.fn(),
    clearManualMe: vi.fn(),
    saveApiKey: vi.fn(),
    removeApiKey: vi.fn(),
    forgetEverything: vi.fn(),
    signIn: vi.fn(),
    signOut: vi.fn(),
    link: vi.fn(),
    unlink: vi.fn(),
    forget: vi.fn(),
  };
  const state: OptionsState = {
    profile: { choir: 'Harbourside' },
    missingOrigins: [],
    profileProblems: [],
    meFromPage: { volunteerId: 100001, name: 'Alex Morgan', source: 'page' },
    meManual: null,
    apiKeySet: false,
    harmonySite: { origin: undefined, problem: undefined, memberCount: undefined, fetchedAt: undefined, signedInForDescant: false, signingIn: false },
    people: { links: [], keptApart: [], unmatchedVolunteers: [], unmatchedMembers: [] },
    status: '',
    ...overrides,
  };
  render(<OptionsView state={state} actions={actions} addresses={{ harmonySite: '', onSong: '', civiCrm: '' }} />);
  return actions;
}

describe('OptionsView', () => {
  it('shows who Three Rings says I am, and saves a number typed by hand', () => {
    const actions = setup();
    expect(screen.getByText('Three Rings says you are Alex Morgan (volunteer 100001).')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Your volunteer number'), { target: { value: '4242' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this number' }));
    expect(actions.saveManualMe).toHaveBeenCalledWith('4242');
  });

  it('lists every problem of a refused profile file', () => {
    setup({ profileProblems: ['Unknown key "harmonysite" in the profile.'] });
    expect(screen.getByRole('alert').textContent).toContain('Unknown key "harmonysite" in the profile.');
  });

  it('asks for the missing addresses from a click', () => {
    const actions = setup({ missingOrigins: ['https://harbour.example.org/*'] });
    expect(screen.getByText(/can't reach these addresses yet: https:\/\/harbour\.example\.org/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Allow access' }));
    expect(actions.allowAccess).toHaveBeenCalledOnce();
  });

  it('sends the typed addresses on save', () => {
    const actions = setup();
    fireEvent.input(screen.getByLabelText('HarmonySite address'), { target: { value: 'https://harbour.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and allow access' }));
    expect(actions.saveAddresses).toHaveBeenCalledWith({ harmonySite: 'https://harbour.example.org', onSong: '', civiCrm: '' });
  });

  it('saves an API key without ever showing a stored one', () => {
    const actions = setup({ apiKeySet: true });
    expect(screen.getByText('An API key is set.')).toBeTruthy();
    expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe('');
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'KEY' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
    expect(actions.saveApiKey).toHaveBeenCalledWith('KEY');
    fireEvent.click(screen.getByRole('button', { name: 'Remove key' }));
    expect(actions.removeApiKey).toHaveBeenCalledOnce();
  });

  it('forgets everything only after a confirmation', () => {
    const actions = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Forget everything' }));
    expect(actions.forgetEverything).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Forget everything' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, forget' }));
    expect(actions.forgetEverything).toHaveBeenCalledOnce();
  });
});
